"""Header rows as the templates write them: examples, footnote digits, line breaks, typos."""

from consultation.models import Comment

from .conftest import HEADER, csv_file, xlsx_file

URL = "/api/v1/comments/import/"

# The 2012-03 template's own header cells, as Word and Excel carry them.
TEMPLATE_2012 = [
    "MB/\nNC1",
    "Line number\n(e.g. 17)",
    "Clause/\nSubclause\n(e.g. 3.1)",
    "Paragraph/\nFigure/ Table/\nNote\n(e.g. Table 1)",
    "Type of comment2",
    "Comments",
    "Proposed change",
]


def post(client, consultation, upload):
    return client.post(URL, {"file": upload, "consultation": consultation.pk}, format="multipart")


def test_the_2012_template_headers_keep_clause_line_and_paragraph(client_for, consulted, orgs):
    rows = [["Kenya", 17, "2.1", "Table 1", "te", "Say who checks ages.", "Name a team."]]
    upload = xlsx_file(rows, header=TEMPLATE_2012)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 201, response.json()
    comment = Comment.objects.get()
    assert comment.section == consulted["sections"]["2.1"]
    assert (comment.line, comment.paragraph) == ("17", "Table 1")
    assert response.json()["unread_columns"] == []


def test_a_wrong_clause_under_the_2012_header_is_reported(client_for, consulted, orgs):
    rows = [["Kenya", 17, "9.9.9", "", "te", "A comment on nothing.", ""]]
    upload = xlsx_file(rows, header=TEMPLATE_2012)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 201, response.json()
    [warning] = response.json()["warnings"]
    assert (warning["row"], warning["field"]) == (2, "clause")
    assert warning["column"] == "Clause/\nSubclause\n(e.g. 3.1)"
    assert "no clause '9.9.9'" in warning["message"]
    comment = Comment.objects.get()
    assert comment.section is None and comment.clause_ref == "9.9.9"


def test_columns_that_hold_data_but_are_not_read_are_named(client_for, consulted, orgs):
    header = [*HEADER, "Remarks of the editor", "", "Comments"]
    rows = [
        ["Kenya", "", "1", "", "te", "First.", "", "Seen by Ana", "", ""],
        ["Kenya", "", "1", "", "ed", "Second.", "", "", "stray note", "again"],
    ]
    upload = xlsx_file(rows, header=header)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 201, response.json()
    unread = {c["position"]: c for c in response.json()["unread_columns"]}
    assert set(unread) == {8, 9, 10}
    assert unread[8]["column"] == "Remarks of the editor" and unread[8]["rows"] == 1
    assert "not a column of the comment template" in unread[8]["reason"].lower()
    assert unread[9]["column"] == "" and "no header" in unread[9]["reason"]
    assert "second Comments column" in unread[10]["reason"]


def test_an_empty_column_without_a_known_header_is_not_reported(client_for, consulted, orgs):
    header = [*HEADER, "Remarks"]
    rows = [["Kenya", "", "1", "", "te", "First.", "", ""]]
    response = post(
        client_for(consulted["editor"]),
        consulted["consultation"],
        csv_file(rows, header=header),
    )

    assert response.status_code == 201
    assert response.json()["unread_columns"] == []


def test_a_misspelt_column_is_named_with_the_expected_headers(client_for, consulted, orgs):
    header = [h if h != "Comments" else "Coments" for h in HEADER]
    rows = [["Kenya", "", "1", "", "te", "A comment.", ""]]
    for upload in (xlsx_file(rows, header=header), csv_file(rows, header=header)):
        response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

        assert response.status_code == 400
        [message] = response.json()["file"]
        assert "No header row found" not in message
        assert "row 1" in message and "no Comments column" in message
        assert "'Coments'" in message
        assert "Expected headers: MB/NC, Line number, Clause/Subclause" in message
    assert Comment.objects.count() == 0


def test_a_title_row_with_a_template_word_is_not_the_header(client_for, consulted, orgs):
    title = [["Comments on the COP guidelines for industry"], ["Type: national position"], []]
    rows = [["Kenya", "", "2", "", "ge", "A comment.", ""]]
    upload = xlsx_file(rows, title_rows=title)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 201, response.json()
    assert Comment.objects.get().section == consulted["sections"]["2"]
