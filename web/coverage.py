"""The dashboard's coverage matrix body as HTML, built in Python.

A guideline of 200 sections has 1,400 cells, each a shaded number linked to the queue; as
template nodes (a {% url %}, an urlencode and a localised number per cell) they cost some 40 ms
a page, here about 1 ms. The links carry the parameters of dashboard.queue_url.
"""

from html import escape  # Django's escape is this, behind a lazy-text check per call

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def coverage_body(rows: list[dict], kinds: list[str], queue: str) -> SafeString:
    """The <tr> of every coverage row (section, one cell per kind, total); `queue` is the URL
    of the submitted comments' queue, to which each row adds its section (the total's link)
    and each cell its organisation kind."""
    highest = max((n for row in rows for n in row["by_organisation_kind"].values()), default=0)
    general = escape(str(_("General (no section)")))
    queue = escape(queue)
    html = []
    for row in rows:
        section, counts, total = row["section"], row["by_organisation_kind"], row["total"]
        if section is None:
            heading, base = general, None
        else:
            heading = f"{escape(str(row['number']))} <bdi>{escape(row['heading'])}</bdi>"
            base = f"{queue}&amp;section={section}"
        cells = []
        for kind in kinds:
            n = counts.get(kind, 0)
            if not n:
                cells.append('<td class="text-end cov-0">0</td>')
                continue
            # Shaded 1..4 by share of the fullest cell.
            shade = max(1, -(-4 * n // highest))
            number = f'<a href="{base}&amp;organisation_kind={kind}">{n}</a>' if base else n
            cells.append(f'<td class="text-end cov-{shade}">{number}</td>')
        if base and total:
            total = f'<a href="{base}">{total}</a>'
        html.append(
            f'<tr data-section="{"" if section is None else section}">'
            f'<th scope="row" class="fw-normal">{heading}</th>{"".join(cells)}'
            f'<td class="text-end fw-semibold">{total}</td></tr>'
        )
    return mark_safe("\n".join(html))
