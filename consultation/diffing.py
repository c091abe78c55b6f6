"""Word-level text diffs that stay fast on long sections: paragraphs first, then words.

A naive word diff of two 10,000-word texts makes difflib compare ~20,000 tokens at once
(hundreds of ms). Editors change a few paragraphs at a time, so we diff lines (paragraphs)
first and run the word diff only inside the paragraphs that changed, with a sentence level in
between for a long paragraph. The result is exact: joining the `equal` and `delete` pieces
gives the old text, joining `equal` and `insert` gives the new one.
"""

import difflib
import re
from collections import Counter
from collections.abc import Callable

from consultation.line_matcher import LineMatcher

# Scripts written without spaces between words: diff them character by character.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f"
# Combining marks (Arabic harakat, Cyrillic/Latin accents, Hebrew points, joiners) belong to
# the word they decorate; Python's \w does not match them.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0900-\u0903\u093a-\u094f\u200c\u200d"
)
# A word is a run of letters, digits and marks; spelt as alternating runs of each, because re
# matches a run of one class much faster than a choice made character by character.
_WORDS = re.compile(
    rf"[^\W{_CJK}]+(?:[{_MARKS}]+[^\W{_CJK}]*)*|[{_MARKS}]+(?:[^\W{_CJK}]+[{_MARKS}]*)*"
    rf"|[{_CJK}]|\s+|.",
    re.S,
)
# The same words, without spaces and punctuation; a run that starts with marks is read whole
# (as in _WORDS) and comes back as "" so that its letters are not taken for a word.
_WORDS_ONLY = re.compile(
    rf"([^\W{_CJK}]+(?:[{_MARKS}]+[^\W{_CJK}]*)*|[{_CJK}])|[{_MARKS}]+(?:[^\W{_CJK}]+[{_MARKS}]*)*"
)
# In ASCII text a word is a run of [0-9A-Za-z_]: a simpler class, matched ~2x faster.
_ASCII_WORDS = re.compile(r"[0-9A-Za-z_]+|\s+|.", re.S)
_ASCII_WORDS_ONLY = re.compile(r"[0-9A-Za-z_]+")
# A sentence ends after . ! ? or ؟ and the spaces that follow, after a Chinese or Japanese full
# stop, exclamation or question mark, or at a line break. Starting the pattern with the one
# class of these characters lets re skip to them; the lookbehinds say which one was found.
_SENTENCE_ENDS = re.compile(
    r"[.!?؟\u3002\uff01\uff1f\n]"
    r"(?:(?<=[.!?؟])[.!?؟]*\s+|(?<=[\u3002\uff01\uff1f])[\u3002\uff01\uff1f]*|(?<=\n))"
)
# Below this share of common words two changed paragraphs are a rewrite, not an edit:
# showing them as one deletion and one insertion reads better than a confetti of words.
_SIMILAR = 0.5
_BIG_BLOCK = 4000
_MAX_PAIRS = 25_000_000  # old x new word tokens one SequenceMatcher may compare


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _sentences(text: str) -> list[str]:
    pieces, start = [], 0
    for end in _SENTENCE_ENDS.finditer(text):
        pieces.append(text[start : end.end()])
        start = end.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _words(text: str) -> list[str]:
    return (_ASCII_WORDS if text.isascii() else _WORDS).findall(text)


_LEVELS = (_lines, _sentences, _words)
_WORD_LEVEL = len(_LEVELS) - 1


def _emit(changes: list[dict], op: str, text: str) -> None:
    if not text:
        return
    if changes and changes[-1]["op"] == op:
        changes[-1]["text"] += text
    else:
        changes.append({"op": op, "text": text})


def _diff(a: list[str], b: list[str], level: int, changes: list[dict]) -> None:
    """Emit the changes turning the pieces `a` into `b`, pieces of the given level."""
    # Trim the common head and tail first: cheap, and it leaves difflib only the edited middle.
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    _emit(changes, "equal", "".join(a[:head]))
    a_mid, b_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    words = level == _WORD_LEVEL
    if words and len(a_mid) * len(b_mid) > _MAX_PAIRS:
        # difflib is quadratic in the worst case: a huge rewritten block is shown as one
        # deletion and one insertion rather than making the request take minutes.
        _emit(changes, "delete", "".join(a_mid))
        _emit(changes, "insert", "".join(b_mid))
        _emit(changes, "equal", "".join(a[len(a) - tail :]))
        return
    # Spaces and common words repeat thousands of times in a long block; autojunk keeps difflib
    # from comparing each with each (it only acts on 200+ tokens, so small blocks are exact).
    if level == 0:
        matcher = LineMatcher(a_mid, b_mid)
    else:
        matcher = difflib.SequenceMatcher(None, a_mid, b_mid, autojunk=words)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(a_mid[i1:i2]), "".join(b_mid[j1:j2])
        if op == "equal":
            _emit(changes, "equal", old_part)
            continue
        if op == "replace" and not words:
            pieces = _closer_look(old_part, new_part, level + 1)
            if pieces:
                _diff(*pieces, level + 1, changes)
                continue
        _emit(changes, "delete", old_part)
        _emit(changes, "insert", new_part)
    _emit(changes, "equal", "".join(a[len(a) - tail :]))


def _closer_look(old: str, new: str, level: int) -> tuple[list[str], list[str]] | None:
    """Both texts cut into pieces of `level` if they are similar enough to diff at that level."""
    split = _LEVELS[level]
    if level < _WORD_LEVEL:
        if len(old) + len(new) > _BIG_BLOCK:
            # A long block of lines goes to the sentence level, whose pieces get this test
            # before any word diff: no need to tokenise thousands of words here to look closer.
            return split(old), split(new)
        if _similar(_word_counts(old), _word_counts(new)):
            return split(old), split(new)
        return None
    old_words, new_words = split(old), split(new)
    if _similar(_only_words(Counter(old_words)), _only_words(Counter(new_words))):
        return old_words, new_words
    return None


def _similar(old_counts: Counter, new_counts: Counter) -> bool:
    """Quick bag-of-words similarity: difflib's quick_ratio, an upper bound of its ratio."""
    total = old_counts.total() + new_counts.total()
    if not old_counts or not new_counts:
        return not old_counts and not new_counts
    shared = old_counts.keys() & new_counts.keys()
    if 2 * len(shared) >= _SIMILAR * total:
        return True  # each shared word is common at least once: enough already
    common = sum(min(old_counts[word], new_counts[word]) for word in shared)
    return 2.0 * common / total >= _SIMILAR


def _word_counts(text: str) -> Counter:
    """How often each word occurs in `text`."""
    if text.isascii():
        return Counter(_ASCII_WORDS_ONLY.findall(text))  # words only, nothing to leave out
    return _only_words(Counter(_WORDS_ONLY.findall(text)))


def _only_words(counts: Counter) -> Counter:
    """`counts` without spaces, punctuation and lone marks: they are common to any two texts."""
    for token in [t for t in counts if not t or not (t[0].isalnum() or t[0] == "_")]:
        del counts[token]
    return counts


def word_changes(old: str, new: str) -> list[dict]:
    """The word-level changes turning `old` into `new`: [{op: equal|insert|delete, text}]."""
    changes: list[dict] = []
    if old == new:
        _emit(changes, "equal", old)
        return changes
    start, old_end, new_end = _changed_lines(old, new)
    _emit(changes, "equal", old[:start])
    _diff(_lines(old[start:old_end]), _lines(new[start:new_end]), 0, changes)
    _emit(changes, "equal", old[old_end:])
    return changes


def _changed_lines(old: str, new: str) -> tuple[int, int, int]:
    """(start, old_end, new_end): the lines of old and new in between hold every change.

    Found on the raw texts, so that only the changed middle is split into lines and matched.
    Both cuts follow a "\n" in the shared start or end, so the ends are whole lines of both
    texts; and neither middle is the other's first lines (its last "\n" would be in the shared
    start). So the equal lines _diff trims off the start and end of the whole are the ends
    and those it trims off the middle, and what is left to match is the same.
    """
    old_len, new_len = len(old), len(new)
    shorter = min(old_len, new_len)
    start = old.rfind("\n", 0, _shared_length(shorter, lambda i, j: old[i:j] == new[i:j])) + 1
    same_end = _shared_length(
        shorter - start,
        lambda i, j: old[old_len - j : old_len - i] == new[new_len - j : new_len - i],
    )
    old_end = old.find("\n", old_len - same_end) + 1 or old_len
    return start, old_end, old_end + new_len - old_len


def _shared_length(limit: int, same: Callable[[int, int], bool]) -> int:
    """The largest n <= limit with same(0, n); same(i, j) compares the two texts' i-th to j-th.

    Blocks of doubling size are compared (in C), then the first unequal one is halved.
    """
    done, size = 0, 64
    while done < limit:
        end = min(done + size, limit)
        if not same(done, end):
            while end - done > 1:
                middle = (done + end) // 2
                if same(done, middle):
                    done = middle
                else:
                    end = middle
            return done
        done, size = end, size * 2
    return limit


def unified(old: str, new: str, *, from_label: str, to_label: str, context: int = 3) -> str:
    """A classic line-based unified diff, for tools and people who read patches."""
    return "\n".join(
        difflib.unified_diff(
            old.splitlines(),
            new.splitlines(),
            fromfile=from_label,
            tofile=to_label,
            n=context,
            lineterm="",
        )
    )


def text_diff(old: str, new: str, *, from_label: str, to_label: str) -> dict:
    """Both views of one change: {"unified": str, "changes": [{op, text}]}."""
    return {
        "unified": unified(old, new, from_label=from_label, to_label=to_label),
        "changes": word_changes(old, new),
    }
