"""difflib's SequenceMatcher (without junk) for the lines of long texts: same answers, faster.

difflib finds matching blocks longest first: each search walks its whole range and pairs
every line with every copy of it in the other text. On a 10,000-word section that is ~265
lines searched about a dozen times, and the ~130 blank lines between paragraphs alone make
~17,000 pairs per search. Here the maximal runs of equal lines are found once, by walking
from the lines that have few copies; a search picks the best run of its range and hands the
others to the two ranges difflib searches next. Lines with many copies alone (a stretch of
blank lines) could form a run that ties or wins: then difflib's own search answers. So every
answer is difflib's: the longest run, the first in `a`, then the first in `b`.
"""

import bisect
import difflib

# A line found more often than this in `b` has "many copies": runs are not grown from it.
MANY_COPIES = 8

Run = tuple[int, int, int]  # a[i:i+size] == b[j:j+size] as (i, j, size)


class LineMatcher(difflib.SequenceMatcher):
    """SequenceMatcher(None, a, b, autojunk=False) of two lists of lines, without the pairing."""

    def __init__(self, a: list[str], b: list[str]):
        super().__init__(None, a, b, autojunk=False)
        many = {line for line, where in self.b2j.items() if len(where) > MANY_COPIES}
        self.all_runs = _runs(a, b, self.b2j, many)
        self.runs_in = {(0, len(a), 0, len(b)): self.all_runs}
        self.stretches = _stretches(a, many)
        self.longest_stretch = max((end - start for start, end in self.stretches), default=0)

    def find_longest_match(self, alo, ahi, blo, bhi):
        box = (alo, ahi, blo, bhi)
        runs = self.runs_in.pop(box, None)
        if runs is None:  # a range get_matching_blocks was not expected to search
            runs = _clip(self.all_runs, box)
        match = difflib.Match(*_longest(runs, alo, blo))
        if self._stretch_may_win(alo, ahi, match.size):
            match = super().find_longest_match(alo, ahi, blo, bhi)
        # get_matching_blocks searches the ranges before and after the match next.
        i, j, size = match
        self.runs_in[alo, i, blo, j], self.runs_in[i + size, ahi, j + size, bhi] = _split(
            runs, match
        )
        return match

    def _stretch_may_win(self, alo: int, ahi: int, best: int) -> bool:
        """Whether lines with many copies in a[alo:ahi] may form a run of `best` lines or more."""
        best = max(best, 1)
        if self.longest_stretch < best:
            return False
        # The stretches are in order and apart: those reaching into the range are one slice.
        first = bisect.bisect_right(self.stretches, alo, key=lambda stretch: stretch[1])
        for start, end in self.stretches[first:]:
            if start >= ahi:
                return False
            if min(end, ahi) - max(start, alo) >= best:
                return True
        return False


def _runs(a: list[str], b: list[str], b2j: dict, many: set) -> list[Run]:
    """Every maximal run of equal lines holding one with few copies in `b`."""
    runs = []
    a_len, b_len = len(a), len(b)
    for i, line in enumerate(a):
        if line in many:
            continue
        for j in b2j.get(line, ()):
            start_i, start_j = i, j
            while start_i and start_j and a[start_i - 1] == b[start_j - 1]:
                if a[start_i - 1] not in many:
                    start_i = -1  # the run is grown from this earlier line
                    break
                start_i, start_j = start_i - 1, start_j - 1
            if start_i < 0:
                continue
            end_i, end_j = i + 1, j + 1
            while end_i < a_len and end_j < b_len and a[end_i] == b[end_j]:
                end_i, end_j = end_i + 1, end_j + 1
            runs.append((start_i, start_j, end_i - start_i))
    return runs


def _stretches(a: list[str], many: set) -> list[tuple[int, int]]:
    """The (start, end) of each stretch of consecutive lines with many copies in `a`."""
    stretches = []
    start = None
    for i, line in enumerate([*a, None]):
        if line in many:
            if start is None:
                start = i
        elif start is not None:
            stretches.append((start, i))
            start = None
    return stretches


def _longest(runs: list[Run], alo: int, blo: int) -> Run:
    """The longest run, the first in `a`, then in `b`; (alo, blo, 0) when there is none."""
    best = (alo, blo, 0)
    for run in runs:
        if run[2] > best[2] or (run[2] == best[2] and run < best):
            best = run
    return best


def _split(runs: list[Run], match: Run) -> tuple[list[Run], list[Run]]:
    """The parts of `runs` (inside one range) before and after `match`, the longest in it.

    No run reaches from before the match to after it: it would be longer than the match.
    """
    i, j, size = match
    a_after, b_after = i + size, j + size
    before, after = [], []
    for run in runs:
        run_i, run_j, run_size = run
        if run_i >= a_after and run_j >= b_after:
            after.append(run)
        elif run_i < i and run_j < j:
            inside = min(i - run_i, j - run_j, run_size)
            before.append(run if inside == run_size else (run_i, run_j, inside))
        else:
            skip = max(a_after - run_i, b_after - run_j)
            if run_size > skip:
                after.append((run_i + skip, run_j + skip, run_size - skip))
    return before, after


def _clip(runs: list[Run], box: tuple) -> list[Run]:
    """The parts of `runs` inside a[alo:ahi] x b[blo:bhi]."""
    alo, ahi, blo, bhi = box
    clipped = []
    for i, j, size in runs:
        skip = max(alo - i, blo - j, 0)
        inside = min(ahi - i, bhi - j, size) - skip
        if inside > 0:
            clipped.append((i + skip, j + skip, inside))
    return clipped
