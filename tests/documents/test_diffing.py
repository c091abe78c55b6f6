"""The word diff: exact on insertions, deletions, moves and every script; fast on long texts."""

import random

import pytest

from consultation.diffing import text_diff, word_changes

VOCABULARY = ["child", "online", "safety", "privacy", "design"]
VOCABULARY += ["report", "parents", "school", "platform", "data"]


def rebuild(changes):
    old = "".join(c["text"] for c in changes if c["op"] != "insert")
    new = "".join(c["text"] for c in changes if c["op"] != "delete")
    return old, new


def edits(changes):
    return [(c["op"], c["text"]) for c in changes if c["op"] != "equal"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Platforms should verify age.",
            "Platforms should carefully verify age.",
            [("insert", "carefully ")],
        ),
        (
            "Platforms should carefully verify age.",
            "Platforms should verify age.",
            [("delete", "carefully ")],
        ),
        (
            "Keep data for a year.",
            "Keep data for a month.",
            [("delete", "year"), ("insert", "month")],
        ),
        # Russian
        (
            "Дети должны быть в безопасности в сети.",
            "Дети должны быть в полной безопасности в сети.",
            [("insert", "полной ")],
        ),
        # Arabic, with harakat kept inside their word
        (
            "يَجِبُ حماية الأطفال على الإنترنت.",
            "يَجِبُ حماية الأطفال والشباب على الإنترنت.",
            [("insert", "والشباب ")],
        ),
        # Chinese has no spaces: characters are the unit
        (
            "儿童上网应当安全。家长需要指导。",
            "儿童上网必须安全。家长需要指导。",
            [("delete", "应当"), ("insert", "必须")],
        ),
        ("", "New text.", [("insert", "New text.")]),
        ("Old text.", "", [("delete", "Old text.")]),
        ("Same.", "Same.", []),
    ],
)
def test_word_changes(old, new, expected):
    changes = word_changes(old, new)
    assert edits(changes) == expected
    assert rebuild(changes) == (old, new)


PARAGRAPHS = "\n\n".join(
    [
        "Default settings protect children.",
        "Reporting tools must be easy to find.",
        "Transparency reports are published yearly.",
    ]
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # at the very start and the very end of a long text
        (
            PARAGRAPHS,
            PARAGRAPHS.replace("Default", "Safe default"),
            [("delete", "Default"), ("insert", "Safe default")],
        ),
        (
            PARAGRAPHS,
            PARAGRAPHS.replace("yearly", "monthly"),
            [("delete", "yearly"), ("insert", "monthly")],
        ),
        (PARAGRAPHS, PARAGRAPHS + "\n", [("insert", "\n")]),
        # blank lines repeat: one more of them is one insertion, not a shuffle of the others
        (PARAGRAPHS, PARAGRAPHS.replace("\n\n", "\n\n\n", 1), [("insert", "\n")]),
        (
            "\n\n" + PARAGRAPHS + "\n\n\n",
            "\n\n" + PARAGRAPHS.replace("easy", "quick") + "\n\n\n",
            [("delete", "easy"), ("insert", "quick")],
        ),
        # a changed ending changes the whole word, never a piece of it
        (
            "Platforms verify the age of every new user.",
            "Platform verifies the age of every new user.",
            [
                ("delete", "Platforms"),
                ("insert", "Platform"),
                ("delete", "verify"),
                ("insert", "verifies"),
            ],
        ),
        # a combining accent stays in its word (café written as e + U+0301)
        (
            "Le cafe\u0301 est ouvert.\n\nIl ferme tard.\n",
            "Le cafe\u0301s est ouvert.\n\nIl ferme tard.\n",
            [("delete", "cafe\u0301"), ("insert", "cafe\u0301s")],
        ),
        ("第一段。\n\n第二段。\n", "第一段。\n\n第三段。\n", [("delete", "二"), ("insert", "三")]),
        ("One.\r\n\r\nTwo.\r\n", "One.\r\n\r\nTwo!\r\n", [("delete", "."), ("insert", "!")]),
        # The equal start and end are cut off the raw texts after a line break: a repeated
        # paragraph is found where the line diff of the whole text finds it...
        ("Keep.\n\nShare.\n", "Keep.\n\nShare.\n\nShare.\n", [("insert", "\nShare.\n")]),
        ("Keep.\n\nShare.\n", "Keep.\n\nKeep.\n\nShare.\n", [("insert", "Keep.\n\n")]),
        ("A.\n\nB.\n\nC.\n", "A.\n\nB.\n\nB.\n\nC.\n", [("insert", "B.\n\n")]),
        # ...a "\r\n" is never cut in two, and other line breaks (\r, U+2028) count as breaks
        ("One.\r\nTwo.\r\n", "One.\rTwo.\r\n", [("delete", "\r\n"), ("insert", "\r")]),
        (
            "One.\rTwo.\n",
            "One.\rTwice.\n",
            [("delete", "Two.\n"), ("insert", "Twice.\n")],
        ),
        (
            "One.\u2028Two.\n",
            "One.\u2028Twice.\n",
            [("delete", "Two.\n"), ("insert", "Twice.\n")],
        ),
    ],
)
def test_word_changes_in_paragraphs(old, new, expected):
    changes = word_changes(old, new)
    assert edits(changes) == expected
    assert rebuild(changes) == (old, new)


def test_unchanged_text_is_one_equal_piece():
    assert word_changes(PARAGRAPHS, PARAGRAPHS) == [{"op": "equal", "text": PARAGRAPHS}]
    assert text_diff(PARAGRAPHS, PARAGRAPHS, from_label="r1", to_label="r1")["unified"] == ""


def test_moved_paragraph_is_a_clean_delete_and_insert():
    paras = [
        "Default settings protect children.",
        "Reporting tools must be easy to find.",
        "Moderators need training and support.",
        "Transparency reports are published yearly.",
    ]
    old = "\n\n".join(paras) + "\n"
    new = "\n\n".join([paras[1], paras[2], paras[0], paras[3]]) + "\n"
    changes = word_changes(old, new)
    assert rebuild(changes) == (old, new)
    deleted = "".join(t for op, t in edits(changes) if op == "delete")
    inserted = "".join(t for op, t in edits(changes) if op == "insert")
    assert paras[0] in deleted and paras[0] in inserted
    assert paras[1] not in deleted  # the paragraphs that stayed are untouched


def test_rewritten_paragraph_is_not_confetti():
    old = "Age assurance should be proportionate to risk.\n"
    new = "Completely different guidance about school curricula.\n"
    assert edits(word_changes(old, new)) == [("delete", old), ("insert", new)]


def test_unified_view():
    diff = text_diff("a\nb\nc\n", "a\nB\nc\n", from_label="r1", to_label="r2")
    assert diff["unified"].splitlines()[:2] == ["--- r1", "+++ r2"]
    assert "-b" in diff["unified"] and "+B" in diff["unified"]


@pytest.mark.parametrize("paragraphs", [True, False])
def test_ten_thousand_words_with_few_edits(paragraphs):
    rng = random.Random(7)
    words = VOCABULARY
    paras = [
        " ".join(rng.choice(words) for _ in range(rng.randint(60, 110))) + "." for _ in range(120)
    ]
    sep = "\n\n" if paragraphs else " "
    old = sep.join(paras)
    assert len(old.split()) > 10_000
    changed = list(paras)
    changed[3] = changed[3].replace("child", "young person", 1)
    changed[70] += " A new sentence about reporting."
    changed.insert(100, "An added paragraph.")
    new = sep.join(changed)
    # Its speed is measured by the benchmark suite (section diff, 10,000 words).
    changes = word_changes(old, new)
    assert rebuild(changes) == (old, new)
    assert ("insert", "young person") in edits(changes)


def test_long_total_rewrite_stays_bounded():
    rng = random.Random(3)
    words = VOCABULARY
    old = " ".join(rng.choice(words) for _ in range(30_000))
    new = " ".join(rng.choice(words) for _ in range(30_000))
    changes = word_changes(old, new)
    assert rebuild(changes) == (old, new)
    # Too many word pairs for difflib (minutes): one deletion and one insertion instead.
    assert [change["op"] for change in changes if change["op"] != "equal"] == ["delete", "insert"]
