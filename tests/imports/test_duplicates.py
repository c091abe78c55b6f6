"""The same file imported twice, rows that repeat a comment, and the record of each import."""

from django.core.files.uploadedfile import SimpleUploadedFile

from consultation.models import Comment, CommentImport
from consultation.services.comments import comment_create
from tests.factories import UserFactory

from .conftest import csv_file, xlsx_file

URL = "/api/v1/comments/import/"
ROWS = [
    ["Kenya", 12, "2.1", "Para 2", "te", "Say who reviews age-assurance results.", "Name a team."],
    ["France", "", "", "", "ge", "Ajoutez un résumé en langage clair — pour les enfants 🙂.", ""],
]


def post(client, consultation, upload, **extra):
    return client.post(
        URL, {"file": upload, "consultation": consultation.pk, **extra}, format="multipart"
    )


def test_the_same_file_again_is_409_naming_the_earlier_import(client_for, consulted, orgs):
    editor, consultation = consulted["editor"], consulted["consultation"]
    client = client_for(editor)
    workbook = xlsx_file(ROWS).read()
    first = post(client, consultation, SimpleUploadedFile("kenya-france.xlsx", workbook))
    assert first.status_code == 201
    # The same bytes under another name are the same file.
    again = post(client, consultation, SimpleUploadedFile("copy.xlsx", workbook))

    assert again.status_code == 409
    body = again.json()
    assert body["code"] == "duplicate_import"
    earlier = body["earlier_import"]
    assert earlier["id"] == first.json()["import"]["id"]
    assert (earlier["imported_by"], earlier["file_name"], earlier["comment_count"]) == (
        editor.pk,
        "kenya-france.xlsx",
        2,
    )
    assert earlier["imported_by_name"] in body["detail"]
    assert "2 comments" in body["detail"] and "allow_duplicate=true" in body["detail"]
    assert [(e["row"], e["comment"]) for e in body["errors"]] == list(
        zip([2, 3], first.json()["ids"], strict=True)
    )
    assert Comment.objects.count() == 2
    assert CommentImport.objects.count() == 1


def test_allow_duplicate_imports_it_again_and_still_lists_the_repeats(client_for, consulted, orgs):
    client, consultation = client_for(consulted["editor"]), consulted["consultation"]
    first = post(client, consultation, csv_file(ROWS)).json()

    again = post(client, consultation, csv_file(ROWS), allow_duplicate="true")

    assert again.status_code == 201
    body = again.json()
    assert body["created"] == 2
    assert [(d["row"], d["comment"]) for d in body["duplicates"]] == [
        (2, first["ids"][0]),
        (3, first["ids"][1]),
    ]
    assert body["import"]["repeats"] == first["import"]["id"]
    assert Comment.objects.count() == 4


def test_rows_repeating_a_comment_are_reported_per_row(client_for, consulted, orgs):
    client, consultation = client_for(consulted["editor"]), consulted["consultation"]
    first = post(client, consultation, csv_file(ROWS[:1])).json()
    # Another file: Kenya's comment again (same clause, same words), France's new, and Kenya's
    # words on another clause, which is a different comment.
    rows = [ROWS[1], ROWS[0], ["Kenya", 12, "2.10", "", "te", ROWS[0][5], ROWS[0][6]]]

    response = post(client, consultation, csv_file(rows))

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate_import"
    assert "earlier_import" not in body
    (error,) = body["errors"]
    assert (error["row"], error["comment"], error["column"]) == (3, first["ids"][0], "Comments")
    assert f"Comment {first['ids'][0]}" in error["message"]
    assert "1 row of the file repeats" in body["detail"]
    assert Comment.objects.count() == 1


def test_a_draft_with_the_same_words_is_not_revealed(client_for, consulted, orgs):
    """Drafts are their organisation's own: an import never names one."""
    consultation = consulted["consultation"]
    delegate = UserFactory(roles=["delegate"], organisation=orgs["kenya"])
    comment_create(
        user=delegate,
        consultation=consultation,
        type="technical",
        body=ROWS[0][5],
        proposed_change=ROWS[0][6],
        section=consulted["sections"]["2.1"],
    )

    response = post(client_for(consulted["editor"]), consultation, csv_file(ROWS[:1]))

    assert response.status_code == 201
    assert response.json()["duplicates"] == []


def test_the_consultation_lists_its_imports(client_for, consulted, orgs, coordinator, delegate):
    editor, consultation = consulted["editor"], consulted["consultation"]
    client = client_for(editor)
    post(client, consultation, csv_file(ROWS, name="first.csv"))
    post(client, consultation, csv_file(ROWS[1:], name="second.csv"), allow_duplicate="true")
    url = f"/api/v1/consultations/{consultation.pk}/imports/"

    listed = client_for(coordinator).get(url)

    assert listed.status_code == 200
    assert [(i["file_name"], i["comment_count"], i["imported_by"]) for i in listed.json()] == [
        ("second.csv", 1, editor.pk),
        ("first.csv", 2, editor.pk),
    ]
    assert all(len(i["content_hash"]) == 64 and i["imported_at"] for i in listed.json())
    assert client_for(delegate).get(url).status_code == 403
    assert client_for(coordinator).get("/api/v1/consultations/999999/imports/").status_code == 404
