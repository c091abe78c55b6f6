"""The line matcher behind the diffs answers exactly as difflib does, only faster."""

import difflib
import random

import pytest

from consultation.line_matcher import LineMatcher


def texts(rng: random.Random, kinds: int, blank_share: float) -> tuple[list[str], list[str]]:
    """Two versions of a text: lines drawn from `kinds` paragraphs and blank lines, then edited."""
    size = rng.choice([rng.randint(0, 40), rng.randint(150, 400)])

    def line() -> str:
        return "" if rng.random() < blank_share else f"Paragraph {rng.randrange(kinds)}."

    old = [line() for _ in range(size)]
    new = list(old)
    for _ in range(rng.randint(0, 12)):
        at = rng.randint(0, len(new))
        new[at:at] = [line() for _ in range(rng.randint(0, 3))]
        del new[at : at + rng.randint(0, 3)]
    return old, new


@pytest.mark.parametrize("seed", range(6))
def test_same_blocks_as_difflib(seed):
    rng = random.Random(seed)
    for _ in range(200):
        # Few kinds of lines make many copies of each: ties, and runs of repeated lines only.
        old, new = texts(rng, kinds=rng.choice([2, 5, 30, 1000]), blank_share=rng.random() / 2)
        expected = difflib.SequenceMatcher(None, old, new, autojunk=False)
        matcher = LineMatcher(old, new)
        assert matcher.get_opcodes() == expected.get_opcodes()
        # Any range, not only those get_matching_blocks searches.
        fresh = LineMatcher(old, new)
        alo, blo = rng.randint(0, len(old)), rng.randint(0, len(new))
        ahi, bhi = rng.randint(alo, len(old)), rng.randint(blo, len(new))
        assert fresh.find_longest_match(alo, ahi, blo, bhi) == expected.find_longest_match(
            alo, ahi, blo, bhi
        )


def test_long_text_with_many_blank_lines():
    """The shape that made difflib slow (2,000 blank lines paired with each other): its speed is
    measured by the benchmark suite (section diff); here the answer."""
    paragraphs = [f"Paragraph {n} about privacy by default." for n in range(2000)]
    old = [line for paragraph in paragraphs for line in (paragraph, "")]
    new = list(old)
    for at in range(10, len(new), 400):
        new[at] = "An edited paragraph."
    opcodes = LineMatcher(old, new).get_opcodes()
    edited = [("replace", at, at + 1, at, at + 1) for at in range(10, len(new), 400)]
    assert [opcode for opcode in opcodes if opcode[0] != "equal"] == edited
