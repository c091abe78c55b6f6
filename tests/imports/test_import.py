"""POST /comments/import/: the ISO comment template in, submitted comments out, all or nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.models import Comment, CommentStatus, CommentType
from tests.factories import GuidelineFactory, UserFactory

from .conftest import HEADER, csv_file, xlsx_file

URL = "/api/v1/comments/import/"

GOOD_ROWS = [
    ["Kenya", 12, "2.1", "Para 2", "te", "Say who reviews age-assurance results.", "Name a team."],
    ["fr", "30-32", "2.10", "Table 1", "Editorial", "Spell out COP at first use.", ""],
    ["SAFER CHILDHOOD NETWORK", "", "", "", "ge", "Add a plain-language summary.", "Add one."],
]


def post(client, consultation, upload, **extra):
    return client.post(
        URL, {"file": upload, "consultation": consultation.pk, **extra}, format="multipart"
    )


def test_good_xlsx_creates_submitted_comments(client_for, consulted, orgs):
    editor, consultation = consulted["editor"], consulted["consultation"]
    response = post(client_for(editor), consultation, xlsx_file(GOOD_ROWS))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] == 3
    comments = {c.pk: c for c in Comment.objects.filter(pk__in=body["ids"])}
    first, second, third = (comments[pk] for pk in body["ids"])
    assert first.organisation == orgs["kenya"]
    assert first.section == consulted["sections"]["2.1"]
    assert (first.type, first.line, first.paragraph) == (CommentType.TECHNICAL, "12", "Para 2")
    assert first.body == "Say who reviews age-assurance results."
    assert first.proposed_change == "Name a team."
    assert second.organisation == orgs["france"]
    assert second.section == consulted["sections"]["2.10"]  # not 2.1: clause text kept exact
    assert (second.type, second.line) == (CommentType.EDITORIAL, "30-32")
    assert third.organisation == orgs["network"] and third.section is None
    assert third.type == CommentType.GENERAL
    for comment in comments.values():
        assert comment.status == CommentStatus.SUBMITTED
        assert comment.submitted_at is not None
        assert comment.author == editor
        assert comment.consultation == consultation
        record = comment.history.get()
        assert record.history_user == editor
        assert record.history_change_reason == "Imported from comments.xlsx"


def test_three_bad_rows_list_every_error_and_save_nothing(client_for, consulted, orgs):
    rows = [
        GOOD_ROWS[0],
        ["Atlantis", "", "2.1", "", "te", "A comment.", ""],  # row 3: unknown organisation
        ["Kenya", "", "9.9", "", "xx", "Another comment.", ""],  # row 4: clause and type
        GOOD_ROWS[1],
        ["France", "", "1", "", "ed", "", "A change without a comment."],  # row 6
    ]
    response = post(client_for(consulted["editor"]), consulted["consultation"], xlsx_file(rows))

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_rejected"
    assert "nothing was imported" in body["detail"]
    found = {(e["row"], e["field"]) for e in body["errors"]}
    # An unknown clause is a warning (the comment would concern the guideline as a whole).
    assert found == {(3, "organisation"), (4, "type"), (6, "comment")}
    by_key = {(e["row"], e["field"]): e for e in body["errors"]}
    assert "Atlantis" in by_key[(3, "organisation")]["message"]
    assert by_key[(4, "type")]["column"] == "Type of comment"
    assert Comment.objects.count() == 0


def test_french_headers_under_a_title_block(client_for, consulted, orgs):
    header = [
        "MB/NC¹",
        "N° de ligne",
        "Article/Paragraphe",
        "Paragraphe/Figure/Tableau",
        "Type de commentaire²",
        "Commentaires",
        "Modifications proposées",
    ]
    title = [["Modèle de commentaires"], ["Projet : lignes directrices"], [], ["Date : 2026-11-02"]]
    rows = [
        ["Kenya", 4, "Article 2.1", "", "technique", "Préciser qui vérifie l'âge.", "Ajouter."],
        ["France", 7, "2", "", "rédactionnel", "Corriger une coquille.", ""],
        ["France", "", "", "", "Général", "Ajouter un résumé.", ""],
    ]
    upload = xlsx_file(rows, header=header, title_rows=title)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 201, response.json()
    comments = list(Comment.objects.filter(pk__in=response.json()["ids"]).order_by("pk"))
    assert [c.type for c in comments] == ["technical", "editorial", "general"]
    assert comments[0].section == consulted["sections"]["2.1"]
    assert comments[0].proposed_change == "Ajouter."
    assert comments[1].line == "7"


def test_row_numbers_count_the_title_block(client_for, consulted, orgs):
    title = [["ISO comment template"], ["Document: COP guidelines for industry"], []]
    rows = [GOOD_ROWS[0], ["Kenya", "", "", "", "xx", "An unreadable type.", ""]]
    upload = xlsx_file(rows, title_rows=title)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    # Title rows 1-3, header row 4, data rows 5 and 6: the row a spreadsheet shows.
    assert response.json()["errors"] == [
        {
            "row": 6,
            "field": "type",
            "column": "Type of comment",
            "message": "'xx' is not a type of comment; write ge, te or ed (general, technical, "
            "editorial).",
        }
    ]


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-8-sig")]
)
def test_csv_with_sniffed_delimiter(client_for, consulted, orgs, delimiter, encoding):
    rows = [
        *GOOD_ROWS,
        ["KEN", "5", "1", "", "TE", "Texte avec accents: é, ç; et virgule, ici.", ""],
    ]
    upload = csv_file(rows, delimiter=delimiter, encoding=encoding)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 201, response.json()
    comments = list(Comment.objects.filter(pk__in=response.json()["ids"]).order_by("pk"))
    assert len(comments) == 4
    assert comments[3].organisation == orgs["kenya"]  # alpha-3 code
    assert comments[3].body == "Texte avec accents: é, ç; et virgule, ici."
    assert comments[1].section == consulted["sections"]["2.10"]


def test_csv_text_that_looks_like_a_formula_is_kept_as_text(client_for, consulted, orgs):
    rows = [["Kenya", "", "1", "", "te", '=HYPERLINK("http://example.org","x")', "+1 more"]]
    response = post(client_for(consulted["editor"]), consulted["consultation"], csv_file(rows))

    assert response.status_code == 201
    comment = Comment.objects.get()
    assert comment.body == '=HYPERLINK("http://example.org","x")'
    assert comment.proposed_change == "+1 more"


def test_formula_cells_are_refused_with_their_row_and_field(client_for, consulted, orgs):
    def add_formulas(sheet):
        sheet["F3"] = '=HYPERLINK("http://example.org/steal","click")'
        sheet["B4"] = "=1+1"

    rows = [GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[2]]
    upload = xlsx_file(rows, edit=add_formulas)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    found = {(e["row"], e["field"]) for e in response.json()["errors"]}
    assert found == {(3, "comment"), (4, "line")}
    assert "formula" in response.json()["errors"][0]["message"]
    assert Comment.objects.count() == 0


def test_control_characters_are_stripped(client_for, consulted, orgs):
    rows = [["Kenya", "", "1", "", "te", "Bell\x07 and\x1b escape\u202e reversed", "ok\x00"]]
    response = post(client_for(consulted["editor"]), consulted["consultation"], csv_file(rows))

    # NUL makes the csv "not text": refused as a whole, nothing saved.
    assert response.status_code == 400
    assert "file" in response.json()
    rows = [["Kenya", "", "1", "", "te", "Bell\x07 and\x1b escape\u202e reversed", "ok\x7f"]]
    response = post(client_for(consulted["editor"]), consulted["consultation"], csv_file(rows))
    assert response.status_code == 201
    comment = Comment.objects.get()
    assert comment.body == "Bell and escape reversed"
    assert comment.proposed_change == "ok"


def test_cell_longer_than_a_comment_may_be(client_for, consulted, orgs):
    rows = [
        ["Kenya", "", "1", "", "te", "x" * 20_001, ""],
        ["Kenya", "l" * 51, "", "", "te", "y", ""],
    ]
    response = post(client_for(consulted["editor"]), consulted["consultation"], csv_file(rows))

    assert response.status_code == 400
    found = {(e["row"], e["field"]) for e in response.json()["errors"]}
    assert found == {(2, "comment"), (3, "line")}


def test_oversized_file_is_refused(client_for, consulted, orgs, settings):
    settings.COMMENT_IMPORT_MAX_BYTES = 2_000
    rows = [["Kenya", "", "1", "", "te", "A long comment. " * 20, ""]] * 10
    response = post(client_for(consulted["editor"]), consulted["consultation"], csv_file(rows))

    assert response.status_code == 400
    assert "the limit is" in response.json()["file"][0]
    assert Comment.objects.count() == 0


def test_upload_beyond_the_request_cap_is_413(client_for, consulted, settings):
    settings.UPLOAD_MAX_BYTES = 50_000
    upload = csv_file([["Kenya", "", "1", "", "te", "z" * 60_000, ""]])
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 413


def test_too_many_rows(client_for, consulted, orgs, settings):
    settings.COMMENT_IMPORT_MAX_ROWS = 5
    rows = [GOOD_ROWS[0]] * 6
    response = post(client_for(consulted["editor"]), consulted["consultation"], xlsx_file(rows))

    assert response.status_code == 400
    assert "more than 5 comment rows" in response.json()["file"][0]
    assert Comment.objects.count() == 0


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb() -> bytes:
    """A real workbook with one extra part of zeros that expands far beyond its size."""
    good = xlsx_file(GOOD_ROWS).read()
    source = zipfile.ZipFile(io.BytesIO(good))
    entries = {name: source.read(name) for name in source.namelist()}
    entries["xl/media/padding.bin"] = b"\0" * (3 * 1024 * 1024)
    return _zip(entries)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "neither an xlsx workbook nor"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + b"\x00\xff" * 100, "neither an xlsx"),
        (_zip({"notes.txt": b"not a workbook"}), "not an xlsx or ods workbook"),
        (b"PK\x03\x04 truncated zip", "cannot be opened"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "save it as .docx / .xlsx"),
        (b"", "empty"),
        (b"just,some,text\n1,2,3\n", "No header row found"),
        (_bomb(), "Unzipped, the workbook holds more than 1.0 MB, the limit"),
    ],
    ids=["png", "pdf", "zip", "broken-zip", "xls", "empty", "no-header", "zip-bomb"],
)
def test_hostile_or_foreign_files_renamed_xlsx(
    client_for, consulted, orgs, settings, content, message
):
    settings.COMMENT_IMPORT_MAX_EXPANDED_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("comments.xlsx", content)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400, response.content
    assert message in response.json()["file"][0]
    assert Comment.objects.count() == 0


def test_header_but_no_rows(client_for, consulted, orgs):
    response = post(client_for(consulted["editor"]), consulted["consultation"], xlsx_file([]))

    assert response.status_code == 400
    assert response.json()["code"] == "import_rejected"


def test_organisation_not_invited(client_for, consulted, orgs):
    consultation = consulted["consultation"]
    consultation.invited_kinds = ["member_state"]
    consultation.save()
    rows = [GOOD_ROWS[0], GOOD_ROWS[2]]
    response = post(client_for(consulted["editor"]), consultation, xlsx_file(rows))

    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 3
    assert "not invited" in response.json()["errors"][0]["message"]
    consultation.invited_organisations.add(orgs["network"])
    response = post(client_for(consulted["editor"]), consultation, xlsx_file(rows))
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("who", "expected"),
    [("delegate", 403), ("other_editor", 403), ("approver", 403), ("coordinator", 201)],
)
def test_who_may_import(
    client_for, consulted, orgs, delegate, coordinator, approver, who, expected
):
    users = {
        "delegate": delegate,
        "coordinator": coordinator,
        "approver": approver,
        "other_editor": UserFactory(roles=["editor"]),
    }
    GuidelineFactory().editors.add(users["other_editor"])
    response = post(client_for(users[who]), consulted["consultation"], xlsx_file(GOOD_ROWS))

    assert response.status_code == expected
    assert Comment.objects.count() == (3 if expected == 201 else 0)


def test_anonymous_is_401(api, consulted):
    assert post(api, consulted["consultation"], xlsx_file(GOOD_ROWS)).status_code == 401


def test_missing_fields_are_400(client_for, consulted):
    client = client_for(consulted["editor"])
    response = client.post(URL, {"consultation": 999999}, format="multipart")

    assert response.status_code == 400
    assert set(response.json()) == {"file", "consultation"}


def test_queries_do_not_grow_with_rows(client_for, consulted, orgs, settings):
    client = client_for(consulted["editor"])
    counts = []
    for size in (3, 300):
        rows = [GOOD_ROWS[i % 3] for i in range(size)]
        with CaptureQueriesContext(connection) as ctx:
            # The second file repeats the first's rows: the same work, all of it imported.
            response = post(
                client, consulted["consultation"], csv_file(rows), allow_duplicate="true"
            )
        assert response.status_code == 201
        counts.append(len(ctx.captured_queries))
    # No query per row: only the bulk inserts split into batches (SQLite caps the parameters
    # of one statement at a few dozen rows of comments; PostgreSQL takes 2,000 at a time).
    assert counts[1] - counts[0] <= 300 // 10
    if connection.vendor == "postgresql":
        assert counts[0] == counts[1]
    assert Comment.objects.count() == 303


def test_exported_header_reads_back(client_for, consulted, orgs):
    """Extra columns (as in a disposition) are ignored; the template columns are read."""
    header = [*HEADER, "Decision", "Observations of the secretariat"]
    rows = [[*GOOD_ROWS[0], "accepted", "Done."]]
    response = post(
        client_for(consulted["editor"]), consulted["consultation"], xlsx_file(rows, header=header)
    )
    assert response.status_code == 201


def test_formula_found_when_the_table_starts_in_column_c(client_for, consulted, orgs):
    """calamine numbers columns from the first used one; formulas are located in absolute
    columns; both must agree when the template sits to the right and under a title."""

    def shift(sheet):
        sheet.insert_cols(1, amount=2)
        sheet["H5"] = "=1+2"  # the Comments column (F + 2) of the second data row

    title = [["Comments on the COP guidelines"], []]
    upload = xlsx_file([GOOD_ROWS[0], GOOD_ROWS[1]], title_rows=title, edit=shift)
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(5, "comment")]


def test_entity_expansion_in_the_workbook_xml_is_refused(client_for, consulted, orgs):
    """A 'billion laughs' DTD in a workbook part: refused, never expanded."""
    good = xlsx_file(GOOD_ROWS).read()
    source = zipfile.ZipFile(io.BytesIO(good))
    entries = {name: source.read(name) for name in source.namelist()}
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    workbook = entries["xl/workbook.xml"]
    entries["xl/workbook.xml"] = laughs + workbook[workbook.index(b"<workbook") :]
    upload = SimpleUploadedFile("comments.xlsx", _zip(entries))
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    assert "file" in response.json()
    assert Comment.objects.count() == 0
