"""The dashboard read: every figure for every guideline in scope, in one SQL query.

The query is a UNION ALL of small branches, each tagged with a kind letter and shaped into the
same ten columns: the guidelines themselves, the tallies (a few hundred rows per consultation
whatever the number of comments), the sections, and two partial-index scans of the comment
table for what depends on the clock or is a list of ids (overdue assignments, standing
objections). Each branch decodes into its own named tuple (`_Branch`); Python then only files
those rows under their guideline.
"""

import datetime as dt
from collections import defaultdict
from operator import itemgetter
from typing import NamedTuple

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

_NULL = {
    int: "CAST(NULL AS BIGINT)",
    str: "CAST(NULL AS TEXT)",
    dt.datetime: "CAST(NULL AS TIMESTAMP WITH TIME ZONE)",
}
# The columns every branch fills, after its kind letter and guideline: where each type goes.
_SLOTS = {int: ("a", "b", "n"), str: ("s1", "s2", "s3", "s4"), dt.datetime: ("t",)}
_COLUMNS = ("a", "b", "s1", "s2", "s3", "s4", "t", "n")


class GuidelineRow(NamedTuple):
    guideline: int
    slug: str
    title: str
    stage: str


class CommentCountRow(NamedTuple):
    guideline: int
    status: str
    type: str
    decision: str
    organisation_kind: str
    n: int


class LateCountRow(NamedTuple):
    guideline: int
    n: int


class SectionRow(NamedTuple):
    guideline: int
    section: int
    number: str
    heading: str
    sort_key: str


class CoverageRow(NamedTuple):
    guideline: int
    section_key: int
    organisation_kind: str
    n: int


class EditorCountRow(NamedTuple):
    guideline: int
    editor: int
    username: str
    n: int


class OverdueRow(NamedTuple):
    guideline: int
    comment: int
    assignee: int
    total: int
    username: str
    due_at: dt.datetime


class ObjectionRow(NamedTuple):
    guideline: int
    comment: int


class SilentRow(NamedTuple):
    guideline: int
    organisation: int
    consultation: int
    name: str
    kind: str


class _Branch:
    """One UNION branch: its kind letter and the row type (a NamedTuple) its columns decode to.

    Each field after `guideline` takes the next free column of its type; every branch casts
    its NULLs, as PostgreSQL resolves UNION column types pairwise and would otherwise settle
    on text for a column that only later branches fill with timestamps.
    """

    def __init__(self, kind: str, row: type[NamedTuple]):
        self.kind, self.row = kind, row
        taken = {kind_: iter(slots) for kind_, slots in _SLOTS.items()}
        fields = list(row.__annotations__.items())[1:]
        self.slots = {name: next(taken[kind_]) for name, kind_ in fields}
        position = {column: i for i, column in enumerate(_COLUMNS, start=2)}
        # Where each field stands in the UNION's row (`raw[branch.at.n]` reads without decoding).
        self.at = row(1, *(position[self.slots[name]] for name, _ in fields))
        self._columns = itemgetter(*self.at)

    def select(self, guideline: str, **expressions: str) -> str:
        by_slot = {self.slots[name]: sql for name, sql in expressions.items()}
        types = {slot: kind_ for kind_, slots in _SLOTS.items() for slot in slots}
        columns = ", ".join(
            f"{by_slot.get(column, _NULL[types[column]])} AS {column}" for column in _COLUMNS
        )
        return f"SELECT '{self.kind}' AS k, {guideline} AS g, {columns}"

    def decode(self, row: tuple):
        # tuple.__new__ with one itemgetter: a dashboard decodes thousands of rows.
        return tuple.__new__(self.row, self._columns(row))


GUIDELINES = _Branch("g", GuidelineRow)
COMMENT_COUNTS = _Branch("c", CommentCountRow)
LATE_COUNTS = _Branch("l", LateCountRow)
SECTIONS = _Branch("s", SectionRow)
COVERAGE = _Branch("v", CoverageRow)
EDITOR_COUNTS = _Branch("e", EditorCountRow)
OVERDUE = _Branch("o", OverdueRow)
OBJECTIONS = _Branch("x", ObjectionRow)
SILENT = _Branch("q", SilentRow)
BRANCHES = {
    branch.kind: branch
    for branch in (
        GUIDELINES,
        COMMENT_COUNTS,
        LATE_COUNTS,
        SECTIONS,
        COVERAGE,
        EDITOR_COUNTS,
        OVERDUE,
        OBJECTIONS,
        SILENT,
    )
}


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
            GUIDELINES.select("gl.id", slug="gl.slug", title="gl.title", stage="gl.stage")
            + f" FROM consultation_guideline gl WHERE 1 = 1{sql}",
            params,
        )
    )
    parts.append(
        (
            COMMENT_COUNTS.select(
                "cons.guideline_id",
                status="t.status",
                type="t.type",
                decision="t.decision",
                organisation_kind="t.organisation_kind",
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
            LATE_COUNTS.select("cons.guideline_id", n="SUM(t.n)")
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
            SECTIONS.select(
                "s.guideline_id",
                section="s.id",
                number="s.number",
                heading="s.heading",
                sort_key="s.sort_key",
            )
            + f" FROM consultation_section s WHERE 1 = 1{sql}",
            params,
        )
    )
    parts.append(
        (
            COVERAGE.select(
                "cons.guideline_id",
                section_key="t.section_key",
                organisation_kind="t.organisation_kind",
                n="SUM(t.n)",
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
            EDITOR_COUNTS.select(
                "cons.guideline_id", editor="t.assignee_id", username="u.username", n="SUM(t.n)"
            )
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
            OVERDUE.select(
                "od.g",
                comment="od.id",
                assignee="od.assignee_id",
                total="od.total",
                username="u.username",
                due_at="od.due_at",
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
            OBJECTIONS.select("cons.guideline_id", comment="c.id") + " FROM consultation_comment c"
            " JOIN consultation_consultation cons ON cons.id = c.consultation_id"
            f" WHERE {standing_objection_sql('c')}{cons_sql}",
            cons_params,
        )
    )
    # Invited (consultation.rules.is_invited, by name or by kind) and nothing submitted.
    parts.append(
        (
            SILENT.select(
                "cons.guideline_id",
                organisation="o.id",
                consultation="cons.id",
                name="o.name",
                kind="o.kind",
            )
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


def _empty_guideline(row: GuidelineRow) -> dict:
    return {
        "id": row.guideline,
        "slug": row.slug,
        "title": row.title,
        "stage": row.stage,
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
    sections: dict[int, list[SectionRow]] = defaultdict(list)
    coverage: dict[tuple[int, int], dict] = defaultdict(lambda: _counts(KINDS))
    others: dict[str, list] = defaultdict(list)
    # Coverage is most of the rows (sections x organisation kinds): read in place, not decoded.
    at, coverage_kind = COVERAGE.at, COVERAGE.kind
    for raw in rows:
        kind = raw[0]
        if kind == coverage_kind:
            key = (raw[at.guideline], raw[at.section_key])
            _add(coverage[key], raw[at.organisation_kind], int(raw[at.n]))
            continue
        row = BRANCHES[kind].decode(raw)
        if kind == GUIDELINES.kind:
            guidelines[row.guideline] = _empty_guideline(row)
        elif kind == SECTIONS.kind:
            sections[row.guideline].append(row)
        else:
            others[kind].append(row)
    if (guideline_id is not None or consultation_id is not None) and not guidelines:
        return None

    for row in others[COMMENT_COUNTS.kind]:
        comments = guidelines[row.guideline]["comments"]
        n = int(row.n)
        _add(comments["by_status"], row.status, n)
        if row.status != CommentStatus.SUBMITTED:
            continue
        _add(comments["by_type"], row.type, n)
        _add(comments["by_decision"], row.decision or UNRESOLVED, n)
        _add(comments["by_organisation_kind"], row.organisation_kind, n)
        comments["submitted"] += n
        if row.decision:
            comments["resolved"] += n
    for row in others[LATE_COUNTS.kind]:
        guidelines[row.guideline]["comments"]["late"] = int(row.n)
    for entry in guidelines.values():
        comments = entry["comments"]
        if comments["submitted"]:
            comments["share_resolved"] = round(comments["resolved"] / comments["submitted"], 4)

    for row in others[EDITOR_COUNTS.kind]:
        guidelines[row.guideline]["unresolved_per_editor"].append(
            {"editor": row.editor, "username": row.username or "", "count": int(row.n)}
        )
    for row in others[OVERDUE.kind]:
        guidelines[row.guideline]["overdue_total"] = int(row.total)
        guidelines[row.guideline]["overdue_assignments"].append(
            {
                "comment": row.comment,
                "assignee": row.assignee,
                "assignee_username": row.username or "",
                "due_at": _as_datetime(row.due_at),
            }
        )
    for row in others[OBJECTIONS.kind]:
        guidelines[row.guideline]["standing_objections"].append(row.comment)
    for row in others[SILENT.kind]:
        guidelines[row.guideline]["silent_organisations"].append(
            {
                "id": row.organisation,
                "name": row.name,
                "kind": row.kind,
                "consultation": row.consultation,
            }
        )

    for gid, entry in guidelines.items():
        general = coverage.get((gid, 0))
        if general:
            entry["coverage"].append(_coverage_entry(None, "", "", general))
        for row in sorted(sections[gid], key=lambda r: (r.sort_key or "", r.section)):
            counts = coverage.get((gid, row.section)) or _counts(KINDS)
            entry["coverage"].append(_coverage_entry(row.section, row.number, row.heading, counts))
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
