"""The dashboard read: every figure for every guideline in scope, in one SQL query.

The query is a UNION ALL of small branches, each tagged with a kind letter and shaped into the
same ten columns: the guidelines themselves, the tallies (a few hundred rows per consultation
whatever the number of comments), the sections, and two partial-index scans of the comment
table for what depends on the clock or is a list of ids (overdue assignments, standing
objections). Python then only files those rows under their guideline.
"""

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import OrganisationKind
from consultation.models import CommentStatus, CommentType, Decision
from consultation.rules import invited_sql, standing_objection_sql

UNRESOLVED = "unresolved"
# Key lists computed once: enum .values builds a new list on every call.
STATUSES = tuple(CommentStatus.values)
TYPES = tuple(CommentType.values)
DECISIONS = (*Decision.values, UNRESOLVED)
KINDS = tuple(OrganisationKind.values)
# Overdue assignments listed per guideline (oldest first); `overdue_total` counts them all.
OVERDUE_LIMIT = 100

_BIGINT = "CAST(NULL AS BIGINT)"
_TEXT = "CAST(NULL AS TEXT)"
_TIME = "CAST(NULL AS TIMESTAMP WITH TIME ZONE)"


def _select(
    kind, g, a=_BIGINT, b=_BIGINT, s1=_TEXT, s2=_TEXT, s3=_TEXT, s4=_TEXT, t=_TIME, n=_BIGINT
):
    # Every branch casts its NULLs: PostgreSQL resolves UNION column types pairwise and would
    # otherwise settle on text for a column that only later branches fill with timestamps.
    return (
        f"SELECT '{kind}' AS k, {g} AS g, {a} AS a, {b} AS b, {s1} AS s1, {s2} AS s2, "
        f"{s3} AS s3, {s4} AS s4, {t} AS t, {n} AS n"
    )


class _Scope:
    """SQL filters narrowing each branch to one guideline and/or one consultation."""

    def __init__(self, guideline_id, consultation_id):
        self.guideline_id = guideline_id
        self.consultation_id = consultation_id

    def by_consultation(self, cons: str) -> tuple[str, list]:
        sql, params = "", []
        if self.guideline_id is not None:
            sql += f" AND {cons}.guideline_id = %s"
            params.append(self.guideline_id)
        if self.consultation_id is not None:
            sql += f" AND {cons}.id = %s"
            params.append(self.consultation_id)
        return sql, params

    def by_guideline(self, column: str) -> tuple[str, list]:
        sql, params = "", []
        if self.guideline_id is not None:
            sql += f" AND {column} = %s"
            params.append(self.guideline_id)
        if self.consultation_id is not None:
            sql += (
                f" AND {column} IN"
                " (SELECT guideline_id FROM consultation_consultation WHERE id = %s)"
            )
            params.append(self.consultation_id)
        return sql, params


def _branches(scope: _Scope, now: dt.datetime) -> tuple[str, list]:
    cons_sql, cons_params = scope.by_consultation("cons")
    tally_from = "{table} t JOIN consultation_consultation cons ON cons.id = t.consultation_id"
    parts: list[tuple[str, list]] = []

    sql, params = scope.by_guideline("gl.id")
    parts.append(
        (
            _select("g", "gl.id", s1="gl.slug", s2="gl.title", s3="gl.stage")
            + f" FROM consultation_guideline gl WHERE 1 = 1{sql}",
            params,
        )
    )
    parts.append(
        (
            _select(
                "c",
                "cons.guideline_id",
                s1="t.status",
                s2="t.type",
                s3="t.decision",
                s4="t.organisation_kind",
                n="SUM(t.n)",
            )
            + " FROM "
            + tally_from.format(table="reviews_commenttally")
            + f" WHERE 1 = 1{cons_sql}"
            " GROUP BY cons.guideline_id, t.status, t.type, t.decision, t.organisation_kind"
            " HAVING SUM(t.n) <> 0",
            cons_params,
        )
    )
    parts.append(
        (
            _select("l", "cons.guideline_id", n="SUM(t.n)")
            + " FROM "
            + tally_from.format(table="reviews_latetally")
            + f" WHERE 1 = 1{cons_sql}"
            " GROUP BY cons.guideline_id HAVING SUM(t.n) <> 0",
            cons_params,
        )
    )
    sql, params = scope.by_guideline("s.guideline_id")
    parts.append(
        (
            _select("s", "s.guideline_id", a="s.id", s1="s.number", s2="s.heading", s4="s.sort_key")
            + f" FROM consultation_section s WHERE 1 = 1{sql}",
            params,
        )
    )
    parts.append(
        (
            _select(
                "v", "cons.guideline_id", a="t.section_key", s4="t.organisation_kind", n="SUM(t.n)"
            )
            + " FROM "
            + tally_from.format(table="reviews_coveragetally")
            + f" WHERE 1 = 1{cons_sql}"
            " GROUP BY cons.guideline_id, t.section_key, t.organisation_kind HAVING SUM(t.n) <> 0",
            cons_params,
        )
    )
    parts.append(
        (
            _select("e", "cons.guideline_id", a="t.assignee_id", s1="u.username", n="SUM(t.n)")
            + " FROM "
            + tally_from.format(table="reviews_editortally")
            + " LEFT JOIN accounts_user u ON u.id = t.assignee_id"
            f" WHERE 1 = 1{cons_sql}"
            " GROUP BY cons.guideline_id, t.assignee_id, u.username HAVING SUM(t.n) <> 0",
            cons_params,
        )
    )
    # Same predicate as the partial index reviews_dash_overdue_idx, so the planner uses it.
    # The oldest OVERDUE_LIMIT per guideline are listed, and all of them counted.
    parts.append(
        (
            _select(
                "o",
                "od.g",
                a="od.id",
                b="od.assignee_id",
                s1="u.username",
                t="od.due_at",
                n="od.total",
            )
            + " FROM (SELECT cons.guideline_id AS g, c.id, c.assignee_id, c.due_at,"
            " ROW_NUMBER() OVER (PARTITION BY cons.guideline_id ORDER BY c.due_at, c.id) AS rn,"
            " COUNT(*) OVER (PARTITION BY cons.guideline_id) AS total"
            " FROM consultation_comment c"
            " JOIN consultation_consultation cons ON cons.id = c.consultation_id"
            " WHERE c.status = 'submitted' AND c.decision = '' AND c.assignee_id IS NOT NULL"
            f" AND c.due_at IS NOT NULL AND c.due_at < %s{cons_sql}) od"
            " LEFT JOIN accounts_user u ON u.id = od.assignee_id"
            " WHERE od.rn <= %s",
            [connection.ops.adapt_datetimefield_value(now), *cons_params, OVERDUE_LIMIT],
        )
    )
    # Same predicate as reviews_dash_objection_idx.
    parts.append(
        (
            _select("x", "cons.guideline_id", a="c.id") + " FROM consultation_comment c"
            " JOIN consultation_consultation cons ON cons.id = c.consultation_id"
            f" WHERE {standing_objection_sql('c')}{cons_sql}",
            cons_params,
        )
    )
    # Invited (consultation.rules.is_invited, by name or by kind) and nothing submitted.
    parts.append(
        (
            _select("q", "cons.guideline_id", a="o.id", b="cons.id", s1="o.name", s4="o.kind")
            + " FROM consultation_consultation cons JOIN accounts_organisation o"
            f" ON {invited_sql('cons', 'o')}"
            f" WHERE NOT EXISTS (SELECT 1 FROM reviews_organisationtally t"
            " WHERE t.consultation_id = cons.id AND t.organisation_id = o.id AND t.n > 0)"
            f"{cons_sql}",
            cons_params,
        )
    )
    sql = " UNION ALL ".join(part for part, _ in parts)
    params = [param for _, part_params in parts for param in part_params]
    return sql, params


def dashboard_query(
    *, guideline_id: int | None = None, consultation_id: int | None = None, now=None
) -> tuple[str, list]:
    """The dashboard's one SQL statement and its parameters (for EXPLAIN in tests, benchmarks)."""
    return _branches(_Scope(guideline_id, consultation_id), now or timezone.now())


def _counts(values) -> dict:
    return dict.fromkeys(values, 0)


def _as_datetime(value):
    # SQLite hands raw-cursor timestamps back as text in UTC.
    if isinstance(value, str):
        value = parse_datetime(value)
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, dt.UTC)
    return value


def _empty_guideline(row) -> dict:
    _, gid, _, _, slug, title, stage, _, _, _ = row
    return {
        "id": gid,
        "slug": slug,
        "title": title,
        "stage": stage,
        "comments": {
            "by_status": _counts(STATUSES),
            "by_type": _counts(TYPES),
            "by_decision": _counts(DECISIONS),
            "by_organisation_kind": _counts(KINDS),
            "submitted": 0,
            "resolved": 0,
            "late": 0,
            "share_resolved": None,
        },
        "unresolved_per_editor": [],
        "overdue_assignments": [],
        "overdue_total": 0,
        "coverage": [],
        "silent_organisations": [],
        "standing_objections": [],
    }


def _add(counts: dict, key, n: int) -> None:
    counts[key] = counts.get(key, 0) + n


def dashboard_summary(
    *, guideline_id: int | None = None, consultation_id: int | None = None, now=None
) -> dict | None:
    """Every dashboard figure for every guideline in scope; None when a filter matches nothing.

    One query, whatever the number of guidelines and comments.
    """
    now = now or timezone.now()
    sql, params = dashboard_query(
        guideline_id=guideline_id, consultation_id=consultation_id, now=now
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()

    guidelines: dict[int, dict] = {}
    sections: dict[int, list] = defaultdict(list)
    coverage: dict[tuple[int, int], dict] = defaultdict(lambda: _counts(KINDS))
    others: dict[str, list] = defaultdict(list)
    for row in rows:
        kind, gid = row[0], row[1]
        if kind == "g":
            guidelines[gid] = _empty_guideline(row)
        elif kind == "s":
            sections[gid].append(row)
        elif kind == "v":
            _add(coverage[(gid, row[2])], row[7], int(row[9]))
        else:
            others[kind].append(row)
    if (guideline_id is not None or consultation_id is not None) and not guidelines:
        return None

    for _, gid, _, _, status, ctype, decision, org_kind, _, n in others["c"]:
        comments = guidelines[gid]["comments"]
        n = int(n)
        _add(comments["by_status"], status, n)
        if status != CommentStatus.SUBMITTED:
            continue
        _add(comments["by_type"], ctype, n)
        _add(comments["by_decision"], decision or UNRESOLVED, n)
        _add(comments["by_organisation_kind"], org_kind, n)
        comments["submitted"] += n
        if decision:
            comments["resolved"] += n
    for _, gid, *_, n in others["l"]:
        guidelines[gid]["comments"]["late"] = int(n)
    for entry in guidelines.values():
        comments = entry["comments"]
        if comments["submitted"]:
            comments["share_resolved"] = round(comments["resolved"] / comments["submitted"], 4)

    for _, gid, user_id, _, username, _, _, _, _, n in others["e"]:
        guidelines[gid]["unresolved_per_editor"].append(
            {"editor": user_id, "username": username or "", "count": int(n)}
        )
    for _, gid, comment_id, user_id, username, _, _, _, due_at, total in others["o"]:
        guidelines[gid]["overdue_total"] = int(total)
        guidelines[gid]["overdue_assignments"].append(
            {
                "comment": comment_id,
                "assignee": user_id,
                "assignee_username": username or "",
                "due_at": _as_datetime(due_at),
            }
        )
    for _, gid, comment_id, *_ in others["x"]:
        guidelines[gid]["standing_objections"].append(comment_id)
    for _, gid, org_id, consultation, name, _, _, org_kind, _, _ in others["q"]:
        guidelines[gid]["silent_organisations"].append(
            {"id": org_id, "name": name, "kind": org_kind, "consultation": consultation}
        )

    for gid, entry in guidelines.items():
        general = coverage.get((gid, 0))
        if general:
            entry["coverage"].append(_coverage_entry(None, "", "", general))
        for _, _, section_id, _, number, heading, _, _sort_key, _, _ in sorted(
            sections[gid], key=lambda r: (r[7] or "", r[2])
        ):
            counts = coverage.get((gid, section_id)) or _counts(KINDS)
            entry["coverage"].append(_coverage_entry(section_id, number, heading, counts))
        entry["unresolved_per_editor"].sort(key=lambda e: (-e["count"], e["username"]))
        entry["overdue_assignments"].sort(key=lambda e: (e["due_at"], e["comment"]))
        entry["standing_objections"].sort()
        entry["silent_organisations"].sort(key=lambda e: (e["consultation"], e["kind"], e["name"]))

    return {
        "generated_at": now,
        "guidelines": [guidelines[gid] for gid in sorted(guidelines)],
    }


def _coverage_entry(section_id, number, heading, counts: dict) -> dict:
    return {
        "section": section_id,
        "number": number,
        "heading": heading,
        "total": sum(counts.values()),
        "by_organisation_kind": counts,
    }
