"""Anchors: check a quote against the consulted text, and find it again in the revised text.

Pure functions, no queries: the services persist what they return and the serializers may
call them on rows whose cached state is stale, without a query per row.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from consultation.models import AnchorState

# Context kept around a quote when the client sends none (W3C TextQuoteSelector practice).
CONTEXT_CHARS = 32
# A passage whose best match is less similar than this is reported as orphaned.
FUZZY_THRESHOLD = 0.7
# Bounds on the work of one fuzzy search (it may run for every row of a list page).
FUZZY_MAX_SEEDS = 12
FUZZY_MAX_WORDS = 8
FUZZY_MAX_HITS = 20
FUZZY_MAX_QUOTE = 1_000
FUZZY_MAX_CHAR_WORK = 2_000_000
_WORD = re.compile(r"\w{4,}")
# The unit of start and end, named in the errors: what Python's str indexes, and JavaScript's
# does not (it counts UTF-16 units, so an emoji counts 2 there and 1 here).
UNIT = gettext_lazy(
    "offsets count Unicode code points of the section body, from 0; end is exclusive"
)
# Where else a misplaced quote occurs: the first few places.
MAX_PLACES_SHOWN = 3


@dataclass(frozen=True)
class Located:
    """Where a passage is in the current text, and how sure we are."""

    state: str
    start: int | None = None
    end: int | None = None


def anchor_errors(text: str, *, quote: str, prefix: str, suffix: str, start, end) -> list[str]:
    """Reasons the anchor does not describe `text` (empty when it does)."""
    if not quote:
        return [_("The quote must not be empty.")]
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        return [_("start and end must be integers (%(unit)s).") % {"unit": UNIT}]
    if not 0 <= start < end <= len(text):
        return [
            _(
                "start and end must satisfy 0 <= start < end <= %(n_text)s (the text length; "
                "%(unit)s). %(where_it_occurs)s"
            )
            % {"n_text": len(text), "unit": UNIT, "where_it_occurs": _where_it_occurs(text, quote)}
        ]
    if end - start != len(quote):
        return [
            _(
                "end - start must equal the length of the quote (%(n_quote)s; %(unit)s). "
                "%(where_it_occurs)s"
            )
            % {
                "n_quote": len(quote),
                "unit": UNIT,
                "where_it_occurs": _where_it_occurs(text, quote),
            }
        ]
    errors = []
    if text[start:end] != quote:
        errors.append(
            _(
                "The quote is not at %(start)s:%(end)s of the consulted text, which reads "
                "%(text)s there. %(where_it_occurs)s"
            )
            % {
                "start": start,
                "end": end,
                "text": repr(text[start:end]),
                "where_it_occurs": _where_it_occurs(text, quote),
            }
        )
    if prefix and text[max(0, start - len(prefix)) : start] != prefix:
        errors.append(_("The prefix is not the text just before the quote."))
    if suffix and text[end : end + len(suffix)] != suffix:
        errors.append(_("The suffix is not the text just after the quote."))
    return errors


def _where_it_occurs(text: str, quote: str) -> str:
    """Where the quote does occur in the text, as start:end offsets, or that it does not."""
    found = _occurrences(text, quote)
    if not found:
        return _("The quote does not occur in the consulted text.")
    places = ", ".join(f"{at}:{at + len(quote)}" for at in found[:MAX_PLACES_SHOWN])
    more = len(found) - MAX_PLACES_SHOWN
    if more > 0:
        return ngettext(
            "The quote occurs at %(places)s and %(more)s more place.",
            "The quote occurs at %(places)s and %(more)s more places.",
            more,
        ) % {"places": places, "more": more}
    return _("The quote occurs at %(places)s.") % {"places": places}


def default_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix to store when the client sends none."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def _context_score(text: str, at: int, quote: str, prefix: str, suffix: str) -> int:
    """How many characters of prefix (backwards) and suffix (forwards) agree around `at`."""
    score = 0
    before = text[:at]
    for i in range(1, len(prefix) + 1):
        if i > len(before) or before[-i] != prefix[-i]:
            break
        score += 1
    after = text[at + len(quote) :]
    for i, char in enumerate(suffix):
        if i >= len(after) or after[i] != char:
            break
        score += 1
    return score


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _seeds(text: str, quote: str, hint: int) -> list[int]:
    """Candidate places where the quote may start, nearest to the old place first.

    Distinctive words of the quote found with str.find (linear, fast on long sections); on
    small inputs, also the exact fragments difflib finds (this catches texts without spaces).
    """
    origins: set[int] = set()
    words = sorted(
        {(m.group(), m.start()) for m in _WORD.finditer(quote)}, key=lambda w: -len(w[0])
    )[:FUZZY_MAX_WORDS]
    for word, offset in words:
        at, hits = text.find(word), 0
        while at != -1 and hits < FUZZY_MAX_HITS:
            origins.add(at - offset)
            at, hits = text.find(word, at + 1), hits + 1
    if len(text) * len(quote) <= FUZZY_MAX_CHAR_WORK:
        matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
        origins.update(b.a - b.b for b in matcher.get_matching_blocks() if b.size >= 3)
    return sorted(origins, key=lambda origin: abs(origin - hint))[:FUZZY_MAX_SEEDS]


def _fuzzy(text: str, quote: str, hint: int) -> Located:
    """The span of `text` most similar to `quote`, if similar enough; else orphaned.

    Bounded work: very long quotes that are not found word for word are reported orphaned
    rather than guessed at (an honest "not found" beats pointing at the wrong words).
    """
    if len(quote) > FUZZY_MAX_QUOTE:
        return Located(AnchorState.ORPHANED)
    best: tuple[float, int, int, int] | None = None
    for origin in _seeds(text, quote, hint):
        # Look in a window around the seed, then trim the span to what actually matches.
        lo = max(0, origin - len(quote) // 2)
        window = text[lo : max(lo, origin + len(quote) + len(quote) // 2)]
        inner = difflib.SequenceMatcher(None, window, quote, autojunk=False)
        matched = [b for b in inner.get_matching_blocks() if b.size]
        if not matched:
            continue
        start, end = lo + matched[0].a, lo + matched[-1].a + matched[-1].size
        ratio = difflib.SequenceMatcher(None, text[start:end], quote, autojunk=False).ratio()
        candidate = (ratio, -abs(start - hint), start, end)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best is None or best[0] < FUZZY_THRESHOLD:
        return Located(AnchorState.ORPHANED)
    return Located(AnchorState.FUZZY, best[2], best[3])


def locate(text: str, *, quote: str, prefix: str, suffix: str, start: int | None) -> Located:
    """Find the passage in the current text.

    exact: the same words at the same offsets; moved: the same words elsewhere (several
    occurrences are told apart by their prefix/suffix, then by nearness); fuzzy: a reworded
    passage at least FUZZY_THRESHOLD similar; orphaned: nothing close enough is left.
    """
    hint = start or 0
    if start is not None and text[start : start + len(quote)] == quote:
        return Located(AnchorState.EXACT, start, start + len(quote))
    found = _occurrences(text, quote)
    if found:
        at = max(
            found, key=lambda a: (_context_score(text, a, quote, prefix, suffix), -abs(a - hint))
        )
        return Located(AnchorState.MOVED, at, at + len(quote))
    return _fuzzy(text, quote, hint)
