"""Marking anchored passages in a section's text, for the reading and comment pages.

Written by hand because the ranges are code-point offsets into plain text (the API's anchor
unit) and no template library marks ranges without re-parsing the text as HTML.
"""

from html import escape  # Django's escape is this, behind a lazy-text check per call

from django.utils.safestring import SafeString, mark_safe


def mark_passages(text: str, ranges) -> SafeString:
    """Escape `text`, wrapping each non-overlapping (start, end, label) range in <mark>.

    Overlapping ranges are merged into the first one, so the text itself never changes:
    the page script computes offsets from the rendered text, which must equal `text`.
    """
    parts, position = [], 0
    for start, end, label in sorted(ranges, key=lambda item: (item[0], item[1])):
        if start is None or end is None or start < position or end > len(text) or start >= end:
            continue
        parts.append(escape(text[position:start]))
        parts.append(f'<mark title="{escape(str(label))}">{escape(text[start:end])}</mark>')
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))
