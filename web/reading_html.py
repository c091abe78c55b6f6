"""The reading page's table of contents and sections as HTML, built in Python.

A consulted version of 200 sections rendered as template nodes (a loop body of some 22 nodes,
a {% url %} and a blocktranslate per section) cost about 80% of the page's time; built here,
with the same markup and the same translated strings, a few milliseconds. The markup is that
of web/templates/web/consultation.html before it moved here: change it in one place only.
"""

from html import escape  # Django's escape is this, behind a lazy-text check per call

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from web.passages import mark_passages

HEADING_CLASS = {1: "h4", 2: "h5"}
# A section id no consultation page has, replaced by each section's own in the reversed URL.
_SENTINEL = 2147483647


def _title(row) -> str:
    """The section's number and its heading isolated for bidirectional text."""
    return f"{escape(str(row.number))} <bdi>{escape(row.heading)}</bdi>"


def reading_toc(sections) -> SafeString:
    """The <li> of each (row, depth, count, marks) section: a link, and its comment count."""
    comments = escape(_("comments"))
    html = []
    for row, depth, count, _marks in sections:
        badge = (
            f' <span class="badge text-bg-light border">{count}'
            f'<span class="visually-hidden"> {comments}</span></span>'
            if count
            else ""
        )
        html.append(
            f'<li class="depth-{depth - 1}"><a href="#section-{row.section_key}">'
            f"{_title(row)}</a>{badge}</li>"
        )
    return mark_safe("\n".join(html))


def reading_sections(sections, consultation_pk: int, comment_new_url: str, refusal) -> SafeString:
    """The <section> of each (row, depth, count, marks): its text with our passages marked,
    the button to comment on it (unless commenting is refused) and the one showing its
    comments (loaded by htmx from the section_comments view)."""
    head, tail = reverse("web:section_comments", args=[consultation_pk, _SENTINEL]).rsplit(
        str(_SENTINEL), 1
    )
    head, tail = escape(head), escape(tail)
    form_action = escape(comment_new_url)
    comment_on = escape(_("Comment on this section"))
    on_section = escape(_("on section"))
    html = []
    for row, depth, count, marks in sections:
        key, number = row.section_key, escape(str(row.number))
        parts = [
            f'<section class="mb-4" id="section-{key}" aria-labelledby="heading-{key}">\n'
            f'<h2 class="{HEADING_CLASS.get(depth, "h6")}" id="heading-{key}">{_title(row)}</h2>\n'
            f'<div class="section-body" dir="auto" data-section="{key}" '
            f'aria-describedby="passage-help">{mark_passages(row.body, marks)}</div>\n'
            '<div class="d-flex flex-wrap gap-2 mt-2 align-items-center">'
        ]
        if not refusal:
            parts.append(
                f'\n<form method="get" action="{form_action}" class="comment-start" '
                f'data-section="{key}">\n'
                f'<input type="hidden" name="section" value="{key}">\n'
                f'<button class="btn btn-sm btn-outline-primary" type="submit">{comment_on}'
                f'<span class="visually-hidden"> {number}</span></button>\n</form>'
            )
        if count:
            show = ngettext("Show %(counter)s comment", "Show %(counter)s comments", count) % {
                "counter": count
            }
            parts.append(
                f'\n<button class="btn btn-sm btn-link" type="button" aria-expanded="false" '
                f'aria-controls="comments-{key}"\n'
                f'hx-get="{head}{key}{tail}" hx-target="#comments-{key}" hx-swap="innerHTML" '
                f"data-toggle-once>\n{escape(show)}"
                f'<span class="visually-hidden"> {on_section} {number}</span>\n</button>'
            )
        parts.append(
            f'\n</div>\n<div id="comments-{key}" class="mt-2" aria-live="polite"></div>\n</section>'
        )
        html.append("".join(parts))
    return mark_safe("\n".join(html))
