"""GET /guidelines/{id}/disposition/: json, csv and xlsx checked cell by cell."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.iso_template import ParsedRow, ParsedSheet
from consultation.models import CommentStatus
from consultation.services.imports import comments_import
from reviews.services.comments import comment_resolve, comment_respond
from tests.factories import (
    CommentFactory,
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)

HEADER = [
    "MB/NC",
    "Line number",
    "Clause/Subclause",
    "Paragraph/Figure/Table",
    "Type of comment",
    "Comments",
    "Proposed change",
    "Decision",
    "Observations of the secretariat",
    "Applied revision",
    "Resolved by",
    "Response of the MB/NC",
    "Response note",
    "Received late",
    "Comment ID",
    "MB/NC comment number",
]
NUMBERS = ["1", "2", "2.1", "2.9", "2.10", "10"]


def _sheet(rows):
    keys = ["organisation", "line", "clause", "paragraph", "type", "comment", "proposed_change"]
    return ParsedSheet(
        rows=[ParsedRow(n, dict(zip(keys, row, strict=True))) for n, row in enumerate(rows, 2)],
        labels={},
        header_row=1,
    )


def _consulted_guideline(slug=None):
    guideline = GuidelineFactory(**({"slug": slug} if slug else {}))
    sections = {
        number: SectionFactory(
            guideline=guideline,
            order=order,
            number=number,
            sort_key=".".join(f"{int(p):04d}" for p in number.split(".")),
        )
        for order, number in enumerate(NUMBERS, start=1)
    }
    consultation = ConsultationFactory(version=VersionFactory(guideline=guideline))
    return guideline, sections, consultation


@pytest.fixture
def review(db):
    """Five submitted comments through the import service, two resolved, one answered; plus
    a draft, a withdrawn comment and another guideline's comment that must not show."""
    guideline, sections, consultation = _consulted_guideline("cop-industry")
    kenya = OrganisationFactory(name="Kenya", country="KE")
    OrganisationFactory(name="France", country="FR")
    editor = UserFactory(roles=["editor"])
    guideline.editors.add(editor)
    rows = [
        ["Kenya", "40", "2.10", "", "te", "=SUM(A1:A9) shows how totals leak", "+ add a row"],
        ["FR-014", "14", "2.9", "Fig. 2", "ed", "Typo in the caption.", ""],
        ["Kenya", "", "", "", "ge", "The guideline needs a summary for children.", ""],
        ["France", "3", "10", "", "te", "@mention features need safe defaults", ""],
        ["Kenya", "7", "2", "", "te", "-dash lists read badly", "Use full sentences."],
    ]
    ids = comments_import(user=editor, consultation=consultation, sheet=_sheet(rows)).ids
    by_clause = dict(zip(["2.10", "2.9", "general", "10", "2"], ids, strict=True))
    first = consultation.comments.get(pk=by_clause["2.10"])
    comment_resolve(
        comment=first,
        user=editor,
        decision="accepted",
        rationale="Agreed; the clause now says so.",
        revision=sections["2.10"].revision,
    )
    comment_resolve(
        comment=consultation.comments.get(pk=by_clause["2.9"]),
        user=editor,
        decision="rejected",
        rationale="=1+1 is the caption's own example, not a typo.",
    )
    delegate = UserFactory(roles=["delegate"], organisation=kenya)
    comment_respond(comment=first, user=delegate, response="satisfied", note="Thank you.")
    CommentFactory(consultation=consultation, organisation=kenya, status=CommentStatus.DRAFT)
    CommentFactory(consultation=consultation, organisation=kenya, status=CommentStatus.WITHDRAWN)
    _, _, other = _consulted_guideline()
    CommentFactory(consultation=other, organisation=kenya, status=CommentStatus.SUBMITTED)
    return {"guideline": guideline, "editor": editor, "ids": by_clause}


def _expected(ids, editor):
    """The rows in clause order (general first, then 2, 2.9, 2.10, 10), resolved by `editor`."""
    return [
        ["Kenya", "", "", "", "ge", "The guideline needs a summary for children.", "",
         "", "", None, "", "", "", "", ids["general"], ""],
        ["Kenya", "7", "2", "", "te", "-dash lists read badly", "Use full sentences.",
         "", "", None, "", "", "", "", ids["2"], ""],
        ["France", "14", "2.9", "Fig. 2", "ed", "Typo in the caption.", "", "rejected",
         "=1+1 is the caption's own example, not a typo.", None, editor, "", "", "", ids["2.9"],
         "FR-014"],
        ["Kenya", "40", "2.10", "", "te", "=SUM(A1:A9) shows how totals leak", "+ add a row",
         "accepted", "Agreed; the clause now says so.", 1, editor, "satisfied", "Thank you.",
         "", ids["2.10"], ""],
        ["France", "3", "10", "", "te", "@mention features need safe defaults", "",
         "", "", None, "", "", "", "", ids["10"], ""],
    ]  # fmt: skip


def expected_rows(review):
    return _expected(review["ids"], review["editor"].username)


def _get(client, guideline, fmt):
    response = client.get(f"/api/v1/guidelines/{guideline.pk}/disposition/", {"format": fmt})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_json_lists_submitted_comments_in_clause_order(client_for, review):
    response, body = _get(client_for(review["editor"]), review["guideline"], "json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = __import__("json").loads(body)
    assert data["guideline"] == review["guideline"].pk
    assert list(data["columns"].values()) == HEADER
    keys = list(data["columns"])
    assert [[row[key] for key in keys] for row in data["comments"]] == expected_rows(review)


def test_csv_cells_and_formula_escaping(client_for, review):
    response, body = _get(client_for(review["editor"]), review["guideline"], "csv")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="disposition-cop-industry-' in response["Content-Disposition"]
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADER
    expected = [
        [
            # OWASP: a text cell starting with = + - @ is prefixed with ' in CSV.
            (
                "'" + v
                if isinstance(v, str) and v and v[0] in "=+-@"
                else ("" if v is None else str(v))
            )
            for v in row
        ]
        for row in expected_rows(review)
    ]
    assert rows[1:] == expected
    assert rows[4][5] == "'=SUM(A1:A9) shows how totals leak"
    assert rows[4][6] == "'+ add a row"
    assert rows[5][5] == "'@mention features need safe defaults"
    assert rows[2][5] == "'-dash lists read badly"


def test_xlsx_opens_with_text_cells_and_layout(client_for, review):
    response, body = _get(client_for(review["editor"]), review["guideline"], "xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "disposition-cop-industry-" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert sheet.freeze_panes == "A2"
    header = next(sheet.iter_rows(min_row=1, max_row=1))
    assert [c.value for c in header] == HEADER
    assert all(c.font.bold for c in header)
    assert sheet.column_dimensions["F"].width == 60
    assert sheet.column_dimensions["A"].width == 24
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    expected = [[None if v == "" else v for v in row] for row in expected_rows(review)]
    assert values == expected
    formula_cell = sheet["F5"]
    assert formula_cell.value == "=SUM(A1:A9) shows how totals leak"
    assert formula_cell.data_type == "s"
    assert formula_cell.alignment.wrap_text
    assert sheet["I4"].value.startswith("=1+1") and sheet["I4"].data_type == "s"
    assert sheet["G5"].data_type == "s"
    # No cell anywhere is a formula.
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_xlsx_keeps_text_that_looks_like_an_error_value(client_for, db):
    guideline, _sections, consultation = _consulted_guideline()
    OrganisationFactory(name="Kenya", country="KE")
    coordinator = UserFactory(roles=["coordinator"])
    comments_import(
        user=coordinator,
        consultation=consultation,
        sheet=_sheet([["Kenya", "", "1", "", "te", "#N/A", "Bell\x07 char"]]),
    )
    _response, body = _get(client_for(coordinator), guideline, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert (sheet["F2"].value, sheet["F2"].data_type) == ("#N/A", "s")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("delegate", 403),
        ("approver", 403),
        ("other_editor", 403),
        ("editor", 200),
        ("coordinator", 200),
    ],
)
def test_who_may_export(client_for, review, delegate, approver, coordinator, who, expected):
    users = {
        "delegate": delegate,
        "approver": approver,
        "coordinator": coordinator,
        "editor": review["editor"],
        "other_editor": UserFactory(roles=["editor"]),
    }
    for fmt in ("json", "csv", "xlsx"):
        response, _ = _get(client_for(users[who]), review["guideline"], fmt)
        assert response.status_code == expected
        if expected == 403:
            assert response.json()["code"] == "permission_denied"


def test_missing_guideline_unknown_format_and_anonymous(api, client_for, review, coordinator):
    client = client_for(coordinator)
    response = client.get("/api/v1/guidelines/999999/disposition/", {"format": "csv"})
    assert response.status_code == 404
    response = client.get(f"/api/v1/guidelines/{review['guideline'].pk}/disposition/?format=pdf")
    assert response.status_code == 400
    assert "format" in response.json()
    response = api.get(f"/api/v1/guidelines/{review['guideline'].pk}/disposition/")
    assert response.status_code == 401


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_query_count_is_constant(client_for, db, fmt):
    guideline, _sections, consultation = _consulted_guideline()
    OrganisationFactory(name="Kenya", country="KE")
    coordinator = UserFactory(roles=["coordinator"])
    client = client_for(coordinator)
    counts = []
    for size in (2, 40):
        rows = [
            ["Kenya", "", NUMBERS[i % 6], "", "te", f"Comment {size}.{i}", ""] for i in range(size)
        ]
        comments_import(user=coordinator, consultation=consultation, sheet=_sheet(rows))
        with CaptureQueriesContext(connection) as ctx:
            response, _ = _get(client, guideline, fmt)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 4
