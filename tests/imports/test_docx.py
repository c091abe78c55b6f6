"""POST /comments/import/ with the ISO template as a Word document (.docx)."""

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation.models import Comment, CommentType

from .wordfiles import (
    HEADER_2001,
    HEADER_2012,
    add_ghost_column,
    body_rows,
    flag_repeating_header,
    save,
    template_2012,
    track_insertion,
)

URL = "/api/v1/comments/import/"

ROWS = [
    ["Kenya", "17", "2.1", "Table 1", "te", "Say who checks ages.", "Name a team.", ""],
    ["France", "", "2.10", "", "ed", "Line one\nline two\twith a tab.", "", ""],
    ["Kenya", "", "", "", "ge", "Add a summary.", "", ""],
]


def post(client, consultation, upload):
    return client.post(URL, {"file": upload, "consultation": consultation.pk}, format="multipart")


def imported(response):
    assert response.status_code == 201, response.json()
    return list(Comment.objects.filter(pk__in=response.json()["ids"]).order_by("pk"))


def test_header_row_in_the_page_header(client_for, consulted, orgs):
    upload = template_2012(ROWS)
    comments = imported(post(client_for(consulted["editor"]), consulted["consultation"], upload))

    assert [c.organisation for c in comments] == [orgs["kenya"], orgs["france"], orgs["kenya"]]
    first, second, third = comments
    assert first.section == consulted["sections"]["2.1"]
    assert (first.line, first.paragraph, first.type) == ("17", "Table 1", CommentType.TECHNICAL)
    assert first.proposed_change == "Name a team."
    assert second.section == consulted["sections"]["2.10"]
    assert second.body == "Line one\nline two\twith a tab."
    assert third.section is None and third.type == CommentType.GENERAL


def test_header_row_in_the_body_and_errors_name_its_rows(client_for, consulted, orgs):
    rows = [ROWS[0], ["Kenya", "", "2", "", "xx", "An unreadable type.", "", ""]]
    upload = template_2012(rows, header_in="body")
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["row"], error["field"]) == (3, "type")  # header row 1, data rows 2 and 3
    assert error["column"] == HEADER_2012[4]


def test_the_unused_first_page_header_is_not_read(client_for, consulted, orgs):
    """The template carries the 2001-09 form's header in a first-page header Word never
    shows; its columns are in another order, so reading it would mix up every cell."""
    upload = template_2012(ROWS, header_in="body", first_page=[HEADER_2001])
    comments = imported(post(client_for(consulted["editor"]), consulted["consultation"], upload))

    assert comments[0].body == "Say who checks ages."
    assert comments[0].section == consulted["sections"]["2.1"]


def test_a_first_page_header_the_section_uses_is_read(client_for, consulted, orgs):
    rows = [["Kenya", "2.1", "Table 1", "te", "Say who checks ages.", "Name a team.", ""]]

    def use_first_page(document):
        document.sections[0].different_first_page_header_footer = True

    upload = template_2012(rows, header_in="none", first_page=[HEADER_2001], edit=use_first_page)
    comments = imported(post(client_for(consulted["editor"]), consulted["consultation"], upload))

    assert comments[0].section == consulted["sections"]["2.1"]
    assert (comments[0].paragraph, comments[0].body) == ("Table 1", "Say who checks ages.")


def test_rows_flagged_as_repeating_header_rows_are_kept(client_for, consulted, orgs):
    def flag_all(document):
        for tr in body_rows(document):
            flag_repeating_header(tr)

    upload = template_2012(ROWS, edit=flag_all)
    comments = imported(post(client_for(consulted["editor"]), consulted["consultation"], upload))

    assert len(comments) == 3


def test_a_header_repeated_on_top_of_a_second_table_is_skipped(client_for, consulted, orgs):
    def second_table(document):
        table = document.add_table(rows=2, cols=8)
        for row, values in zip(table.rows, [HEADER_2012, ROWS[2]], strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value

    upload = template_2012(ROWS[:2], header_in="body", edit=second_table)
    comments = imported(post(client_for(consulted["editor"]), consulted["consultation"], upload))

    assert [c.body for c in comments] == [ROWS[0][5], ROWS[1][5], ROWS[2][5]]


def test_merged_cells_are_read_once(client_for, consulted, orgs):
    """The body table has a ninth grid column merged into the first cell of every row:
    python-docx's row.cells repeats that cell, the file's real cells are eight."""

    def merged_body(document):
        old = document.tables[0]
        table = document.add_table(rows=len(ROWS), cols=9)
        for row, values in zip(table.rows, ROWS, strict=True):
            first = row.cells[0].merge(row.cells[1])
            first.text = values[0]
            for cell, value in zip(row.cells[2:], values[1:], strict=True):
                cell.text = value
        old._tbl.getparent().remove(old._tbl)
        assert len(document.tables[0].rows[0].cells) == 9  # the naive view: a repeated cell

    upload = template_2012(ROWS, edit=merged_body)
    comments = imported(post(client_for(consulted["editor"]), consulted["consultation"], upload))

    assert [c.organisation for c in comments] == [orgs["kenya"], orgs["france"], orgs["kenya"]]
    assert comments[0].line == "17" and comments[0].section == consulted["sections"]["2.1"]


def test_ghost_grid_columns_before_the_cells(client_for, consulted, orgs):
    def ghosts(document):
        old = document.tables[0]
        table = document.add_table(rows=len(ROWS), cols=9)
        for row, values in zip(table.rows, ROWS, strict=True):
            for cell, value in zip(row.cells[1:], values, strict=True):
                cell.text = value
            add_ghost_column(row._tr)
        old._tbl.getparent().remove(old._tbl)

    upload = template_2012(ROWS, edit=ghosts)
    comments = imported(post(client_for(consulted["editor"]), consulted["consultation"], upload))

    assert comments[1].organisation == orgs["france"]
    assert comments[1].type == CommentType.EDITORIAL


def test_a_vertically_merged_mb_cell_applies_to_each_row(client_for, consulted, orgs):
    def merge_down(document):
        table = document.tables[0]
        top = table.cell(0, 0).merge(table.cell(1, 0))
        top.text = "Kenya"

    upload = template_2012(ROWS, edit=merge_down)
    comments = imported(post(client_for(consulted["editor"]), consulted["consultation"], upload))

    assert [c.organisation for c in comments] == [orgs["kenya"], orgs["kenya"], orgs["kenya"]]


def test_tracked_insertions_are_refused(client_for, consulted, orgs):
    def insert(document):
        track_insertion(body_rows(document)[0], 5, " And who audits them.")

    upload = template_2012(ROWS, edit=insert)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    assert "accept or reject the tracked changes first" in response.json()["file"][0]
    assert Comment.objects.count() == 0


def test_a_body_with_other_columns_than_the_header_is_refused(client_for, consulted, orgs):
    rows = [row[:7] for row in ROWS]  # the header has eight columns, the body seven
    upload = template_2012(rows)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    message = response.json()["file"][0]
    assert "The header row has 8 columns but row 2 of the comment table has 7" in message
    assert Comment.objects.count() == 0


def test_a_document_without_a_template_header(client_for, consulted, orgs):
    document = docx.Document()
    document.add_paragraph("Dear secretariat, our comments follow.")
    response = post(client_for(consulted["editor"]), consulted["consultation"], save(document))

    assert response.status_code == 400
    assert "No header row found" in response.json()["file"][0]


def test_a_document_bomb_is_refused_before_python_docx_reads_it(
    client_for, consulted, orgs, settings
):
    settings.COMMENT_IMPORT_MAX_EXPANDED_BYTES = 1024 * 1024
    good = template_2012(ROWS).read()
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, source.read(name))
        archive.writestr("word/media/padding.bin", b"\0" * (3 * 1024 * 1024))
    upload = SimpleUploadedFile("comments.docx", buffer.getvalue())
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    assert "Unzipped, the document holds more than" in response.json()["file"][0]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "comments.doc"),
        (b"{\\rtf1\\ansi Comments}", "comments.rtf"),
    ],
)
def test_legacy_word_files_are_refused_at_once(client_for, consulted, orgs, content, name):
    upload = SimpleUploadedFile(name, content)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    assert "save it as .docx / .xlsx" in response.json()["file"][0]
