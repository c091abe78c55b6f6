"""Word-level text diffs that stay fast on long sections: paragraphs first, then words.

A naive word diff of two 10,000-word texts makes difflib compare ~20,000 tokens at once
(hundreds of ms). Editors change a few paragraphs at a time, so we diff lines (paragraphs)
first and run the word diff only inside the paragraphs that changed, with a sentence level in
between for a long paragraph. The result is exact: joining the `equal` and `delete` pieces
gives the old text, joining `equal` and `insert` gives the new one.
"""

import difflib
import re

# Scripts written without spaces between words: diff them character by character.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f"
# Combining marks (Arabic harakat, Cyrillic/Latin accents, Hebrew points, joiners) belong to
# the word they decorate; Python's \w does not match them.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0900-\u0903\u093a-\u094f\u200c\u200d"
)
_WORDS = re.compile(rf"(?:[^\W{_CJK}]|[{_MARKS}])+|[{_CJK}]|\s+|.", re.S)
_SENTENCES = re.compile(r".*?(?:[.!?؟]+\s+|[\u3002\uff01\uff1f]+|\n|$)", re.S)
# Below this share of common words two changed paragraphs are a rewrite, not an edit:
# showing them as one deletion and one insertion reads better than a confetti of words.
_SIMILAR = 0.5
_BIG_BLOCK = 4000
_MAX_PAIRS = 25_000_000  # old x new word tokens one SequenceMatcher may compare


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _sentences(text: str) -> list[str]:
    return [piece for piece in _SENTENCES.findall(text) if piece]


def _words(text: str) -> list[str]:
    return _WORDS.findall(text)


_LEVELS = (_lines, _sentences, _words)


def _emit(changes: list[dict], op: str, text: str) -> None:
    if not text:
        return
    if changes and changes[-1]["op"] == op:
        changes[-1]["text"] += text
    else:
        changes.append({"op": op, "text": text})


def _diff(old: str, new: str, level: int, changes: list[dict]) -> None:
    a, b = _LEVELS[level](old), _LEVELS[level](new)
    # Trim the common head and tail first: cheap, and it leaves difflib only the edited middle.
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    _emit(changes, "equal", "".join(a[:head]))
    a_mid, b_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    words = level == len(_LEVELS) - 1
    if words and len(a_mid) * len(b_mid) > _MAX_PAIRS:
        # difflib is quadratic in the worst case: a huge rewritten block is shown as one
        # deletion and one insertion rather than making the request take minutes.
        _emit(changes, "delete", "".join(a_mid))
        _emit(changes, "insert", "".join(b_mid))
        _emit(changes, "equal", "".join(a[len(a) - tail :]))
        return
    # Spaces and common words repeat thousands of times in a long block; autojunk keeps difflib
    # from comparing each with each (it only acts on 200+ tokens, so small blocks are exact).
    matcher = difflib.SequenceMatcher(None, a_mid, b_mid, autojunk=words)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(a_mid[i1:i2]), "".join(b_mid[j1:j2])
        if op == "equal":
            _emit(changes, "equal", old_part)
        elif op == "replace" and level + 1 < len(_LEVELS) and _similar(old_part, new_part, level):
            _diff(old_part, new_part, level + 1, changes)
        else:
            _emit(changes, "delete", old_part)
            _emit(changes, "insert", new_part)
    _emit(changes, "equal", "".join(a[len(a) - tail :]))


def _similar(old: str, new: str, level: int) -> bool:
    """Quick bag-of-words similarity: O(n), an upper bound of difflib's ratio."""
    if level + 2 < len(_LEVELS) and len(old) + len(new) > _BIG_BLOCK:
        # A long block of lines goes to the sentence level, whose pieces get this test before
        # any word diff: no need to tokenise thousands of words here just to look closer.
        return True
    # Spaces and punctuation are common to any two texts: only words count.
    a = [w for w in _words(old) if w[0].isalnum() or w[0] == "_"]
    b = [w for w in _words(new) if w[0].isalnum() or w[0] == "_"]
    if not a or not b:
        return not a and not b
    return difflib.SequenceMatcher(None, a, b, autojunk=False).quick_ratio() >= _SIMILAR


def word_changes(old: str, new: str) -> list[dict]:
    """The word-level changes turning `old` into `new`: [{op: equal|insert|delete, text}]."""
    changes: list[dict] = []
    if old == new:
        _emit(changes, "equal", old)
        return changes
    _diff(old, new, 0, changes)
    return changes


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
