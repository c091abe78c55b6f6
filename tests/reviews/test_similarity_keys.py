"""Similarity keys (consultation.similarity): what they ignore, and the rates at which they
find edited copies and pass over unrelated comments, as its docstring states."""

import random
from collections import defaultdict

from benchmarks.seed import VOCABULARY, paragraph
from consultation.similarity import BANDS, similarity_keys
from reviews.selectors import trigram_similarity


def shares_a_key(a: str, b: str) -> bool:
    return bool(set(similarity_keys(a)) & set(similarity_keys(b)))


def test_keys_ignore_case_order_punctuation_and_function_words():
    text = "Platforms should offer a report button to every child."
    keys = similarity_keys(text)
    assert len(keys) == BANDS
    assert similarity_keys("Every child: a REPORT button; platforms should offer it!") == keys
    assert similarity_keys("") == similarity_keys("?! -- ...") == []
    # A text of function words alone keeps them, so that it can still find its copies.
    assert similarity_keys("We are with you.") == similarity_keys("with you we are")
    assert not shares_a_key("We are with you.", "They were not there.")


def edited(rng: random.Random, text: str, share: float) -> str:
    """The text with about `share` of its words replaced, doubled or dropped."""
    words = []
    for word in text.split(" "):
        roll = rng.random()
        if roll >= share:
            words.append(word)
        elif roll < share * 0.6:
            words.append(rng.choice(VOCABULARY))
        elif roll < share * 0.8:
            words += [word, rng.choice(VOCABULARY)]
    return " ".join(words)


BINS = [(0.75, "0.75+"), (0.7, "0.7"), (0.6, "0.6")]  # trigram similarity of the copy


def test_rates_of_finding_edited_copies_and_unrelated_comments():
    rng = random.Random(5)
    texts = [paragraph(rng, rng.randint(2, 6)) for _ in range(1_500)]

    found_by_score = defaultdict(list)
    for _ in range(3_000):
        text = rng.choice(texts)
        copy = edited(rng, text, rng.random() * 0.7)
        score = trigram_similarity(text, copy)
        band = next((name for low, name in BINS if score >= low), "")
        found_by_score[band].append(shares_a_key(text, copy))
    rate = {band: sum(hits) / len(hits) for band, hits in found_by_score.items()}
    assert min(len(found_by_score[band]) for band in ("0.6", "0.7", "0.75+")) >= 200
    assert rate["0.75+"] >= 0.99
    assert rate["0.7"] >= 0.95
    assert rate["0.6"] >= 0.75

    # Unrelated comments: few pairs share a key (the docstring says 1 in 4,000).
    holders = defaultdict(set)
    for i, text in enumerate(texts):
        for key in similarity_keys(text):
            holders[key].add(i)
    pairs = {(a, b) for ids in holders.values() for a in ids for b in ids if a < b}
    assert len(pairs) / (len(texts) * (len(texts) - 1) / 2) < 1 / 2_000
