"""The secretariat's observations and OSD's resolution status read as a disposition.

A collated or resolved file carries the decision on a comment either in a column of its own
(OSD's `Resolution status`, Concord's own `Decision`) with the rationale beside it, or as the
first line of the `Observations of the secretariat` cell with the rationale below it.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from consultation.models import Decision

from .columns import _fold

# Decision words as secretariats and OSD write them (folded, punctuation as spaces); the
# longest phrase that starts a cell wins ("accepted in principle" before "accepted").
_DECISION_WORDS = {
    Decision.PARTIALLY_ACCEPTED: [
        "accepted in principle",
        "partially accepted",
        "partly accepted",
        "accepted in part",
        "accepted with modification",
        "accepted with modifications",
        "accepted with changes",
        "accepte en principe",
        "partiellement accepte",
    ],
    Decision.REJECTED: [
        "not accepted",
        "rejected",
        "refused",
        "declined",
        "non accepte",
        "rejete",
        "refuse",
    ],
    Decision.NOTED: ["noted", "taken note", "acknowledged", "note", "pris note"],
    Decision.ACCEPTED: ["accepted", "agreed", "accepte"],
}
_PHRASES = sorted(
    ((phrase, str(decision)) for decision, words in _DECISION_WORDS.items() for phrase in words),
    key=lambda item: -len(item[0]),
)
# A status that says the comment is still open: no disposition to import.
OPEN_STATUSES = {"", "open", "pending", "unresolved", "in progress", "to be discussed", "tbd"}
_DUPLICATE_WORDS = ("duplicate", "doublon")


@dataclass(frozen=True)
class Disposition:
    """A decision read from a file, and its rationale as written."""

    decision: str
    rationale: str


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z]+", " ", _fold(text)).split())


def _leading_decision(line: str) -> tuple[str | None, str]:
    """The decision a line starts with, and what follows it on that line."""
    folded = _words(line)
    for phrase, decision in _PHRASES:
        if folded == phrase or folded.startswith(phrase + " "):
            # Drop as many of the line's words as the phrase has, and the punctuation after.
            rest = line.strip()
            for _word in phrase.split():
                rest = re.sub(r"^\W*[^\W\d_]+", "", rest, count=1)
            return decision, rest.lstrip(" .:;,-\u2013\u2014\t")
    return None, line


def read_disposition(decision_cell: str, observations: str) -> tuple[Disposition | None, str]:
    """(the disposition, '') or (None, why it cannot be read); (None, '') when the row carries
    none (both cells empty, or a status that says the comment is still open)."""
    decision_cell, observations = decision_cell.strip(), observations.strip()
    if decision_cell:
        if _words(decision_cell) in OPEN_STATUSES:
            return None, ""
        decision, rest = _leading_decision(decision_cell)
        rationale = "\n".join(part for part in (rest, observations) if part)
        source = decision_cell
    elif observations:
        first, _sep, below = observations.partition("\n")
        if _words(first) in OPEN_STATUSES - {""}:
            return None, ""
        decision, rest = _leading_decision(first)
        rationale = "\n".join(part for part in (rest.strip(), below.strip()) if part)
        source = first
    else:
        return None, ""
    if decision is not None:
        return Disposition(decision, rationale), ""
    if _words(source).startswith(_DUPLICATE_WORDS):
        return None, _(
            "A duplicate needs the comment it repeats; import the row without it and mark the "
            "duplicate in Concord."
        )
    return None, _(
        "%(text)r is not a decision; start the observations with Accepted, Accepted in "
        "principle, Not accepted, Rejected or Noted."
    ) % {"text": source[:80]}
