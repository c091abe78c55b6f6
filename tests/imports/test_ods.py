"""OpenDocument spreadsheets (.ods): the same header-by-meaning reading and hostile-upload
checks as xlsx."""

import pytest
from django.core.exceptions import ValidationError

from consultation.iso_template import read_comment_sheet
from consultation.models import Comment

from .odsfiles import Formula, ods_file
from .wordfiles import HEADER_2012

URL = "/api/v1/comments/import/"
MB = 1024 * 1024


def post(client, consultation, upload, **data):
    return client.post(
        URL, {"file": upload, "consultation": consultation.pk, **data}, format="multipart"
    )


def test_an_ods_file_imports_with_its_header_read_by_meaning(client_for, consulted, orgs):
    rows = [
        ["Template for comments and secretariat observations"],
        ["Date:", "2026-11-30", "Document:", "COP guidelines"],
        HEADER_2012,
        ["KE-001", 12.0, "Clause 2.1", "Table 1", "te.", "First line\nsecond\tline", "Add it.", ""],
        [],
        ["FR-007", "", "2.10", "", "Ed", "Caption.", "", "Accepted\nDone."],
    ]
    response = post(client_for(consulted["editor"]), consulted["consultation"], ods_file(rows))

    assert response.status_code == 201, response.json()
    kenya = Comment.objects.get(external_ref="KE-001")
    assert (kenya.line, kenya.section, kenya.paragraph, kenya.type) == (
        "12",
        consulted["sections"]["2.1"],
        "Table 1",
        "technical",
    )
    assert kenya.body == "First line\nsecond\tline"
    france = Comment.objects.get(external_ref="FR-007")
    assert (france.section, france.decision, france.rationale) == (
        consulted["sections"]["2.10"],
        "accepted",
        "Done.",
    )


def test_the_preview_says_the_file_was_read_as_ods(client_for, consulted, orgs):
    rows = [["MB/NC", "Type of comment", "Comments", "Remarks"], ["Kenya", "ge", "A.", "aside"]]
    body = post(
        client_for(consulted["editor"]), consulted["consultation"], ods_file(rows), dry_run="true"
    ).json()
    assert (body["format"], body["header_row"], body["would_create"]) == ("ods", 1, 1)
    assert [c["column"] for c in body["unread_columns"]] == ["Remarks"]


def test_a_formula_cell_is_an_error_on_its_row(client_for, consulted, orgs):
    rows = [
        ["MB/NC", "Type of comment", "Comments"],
        ["Kenya", "ge", "Plain."],
        ["Kenya", "te", Formula('of:=CONCATENATE("a";"b")', "ab")],
    ]
    response = post(client_for(consulted["editor"]), consulted["consultation"], ods_file(rows))

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["row"], error["field"]) == (3, "comment")
    assert "formula" in error["message"]
    assert Comment.objects.count() == 0


def test_an_opendocument_text_is_refused_with_what_to_send():
    upload = ods_file([["MB/NC"]], media="application/vnd.oasis.opendocument.text")
    with pytest.raises(ValidationError) as refused:
        read_comment_sheet(upload)
    assert "not a spreadsheet; save the comments as .ods" in str(refused.value)


def test_an_ods_that_inflates_past_the_cap_is_refused(settings):
    settings.COMMENT_IMPORT_MAX_EXPANDED_BYTES = 1 * MB
    filler = "<table:table-row><table:table-cell/></table:table-row>" * (3 * MB // 50)
    upload = ods_file([["MB/NC", "Type of comment", "Comments"], filler])
    assert upload.size < MB // 4
    with pytest.raises(ValidationError) as refused:
        read_comment_sheet(upload)
    assert "Unzipped, the workbook holds more than 1.0 MB" in str(refused.value)


def test_an_ods_of_too_many_parts_is_refused():
    parts = [(f"Pictures/{n}.png", b"x") for n in range(2_001)]
    upload = ods_file([["MB/NC", "Type of comment", "Comments"]], extra_parts=parts)
    with pytest.raises(ValidationError) as refused:
        read_comment_sheet(upload)
    assert "parts; a comment template has far fewer" in str(refused.value)


def test_a_damaged_content_part_is_refused():
    with pytest.raises(ValidationError) as refused:
        read_comment_sheet(ods_file([], content="<office:document-content><unclosed"))
    assert "structure is damaged; save it again" in str(refused.value)


def test_rows_repeated_into_a_huge_grid_are_refused_before_they_unfold(settings):
    # One filled row repeated a million times, 200 cells wide: a kilobyte, 200 million cells.
    row = (
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
        'office:value-type="string" table:number-columns-repeated="200"><text:p>Kenya</text:p>'
        "</table:table-cell></table:table-row>"
    )
    upload = ods_file([["MB/NC", "Type of comment", "Comments"], row])
    assert upload.size < 2_000
    with pytest.raises(ValidationError) as refused:
        read_comment_sheet(upload)
    assert "repeats its rows or cells into more than 4,000,000 cells" in str(refused.value)


def test_empty_rows_and_cells_repeated_to_the_sheet_end_are_not_counted():
    # LibreOffice writes the empty rest of a sheet as repeats (see odsfiles.ods_bytes).
    rows = [["MB/NC", "Type of comment", "Comments"], ["Kenya", "ge", "A."]]
    assert len(read_comment_sheet(ods_file(rows)).rows) == 1
