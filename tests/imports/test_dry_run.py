"""POST /comments/import/ with dry_run=true: the preview of an import, and nothing saved."""

from consultation.models import Comment

from .conftest import HEADER, csv_file, xlsx_file
from .wordfiles import template_2012

URL = "/api/v1/comments/import/"


def preview(client, consultation, upload):
    data = {"file": upload, "consultation": consultation.pk, "dry_run": "true"}
    return client.post(URL, data, format="multipart")


def test_a_good_file_is_previewed_row_by_row_and_nothing_saved(client_for, consulted, orgs):
    rows = [
        ["KE-001", "12", "Clause 2.1", "Table 1", "Ed/te", "Say who checks ages.", "Add it."],
        ["France", "", "7.7", "", "ge", "On a clause the draft lacks.", ""],
    ]
    title = [["Comments on the COP guidelines"], []]
    response = preview(
        client_for(consulted["editor"]),
        consulted["consultation"],
        xlsx_file(rows, title_rows=title),
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert Comment.objects.count() == 0
    assert (body["format"], body["header_row"], body["would_create"]) == ("xlsx", 3, 2)
    assert body["columns"]["comment"] == "Comments"
    assert body["detail"] == "2 comments would be imported. 2 rows have warnings to confirm."
    first, second = body["rows"]
    assert first["row"] == 4 and first["cells"]["organisation"] == "KE-001"
    assert first["organisation"] == orgs["kenya"].pk
    assert first["section"] == consulted["sections"]["2.1"].pk
    assert (first["type"], first["external_ref"]) == ("technical", "KE-001")
    assert (first["clause_ref"], first["line"], first["paragraph"]) == (
        "Clause 2.1",
        "12",
        "Table 1",
    )
    assert [w["field"] for w in first["warnings"]] == ["type"]
    assert second["section"] is None
    assert [w["field"] for w in second["warnings"]] == ["clause"]
    assert body["errors"] == [] and body["unknown_member_bodies"] == []


def test_a_bad_file_is_previewed_with_its_errors_not_refused(client_for, consulted, orgs):
    rows = [
        ["Kenya", "", "1", "", "te", "Fine.", ""],
        ["Atlantis", "", "1", "", "te", "Unknown body.", ""],
        ["France", "", "1", "", "??", "", ""],
    ]
    response = preview(client_for(consulted["editor"]), consulted["consultation"], csv_file(rows))

    assert response.status_code == 200
    body = response.json()
    assert body["format"] == "csv" and body["would_create"] == 0
    assert "2 of 3 rows have errors, so nothing would be imported" in body["detail"]
    assert [len(r["errors"]) for r in body["rows"]] == [0, 1, 2]
    assert body["rows"][1]["organisation"] is None
    assert body["unknown_member_bodies"] == [{"member_body": "Atlantis", "rows": [3]}]
    assert Comment.objects.count() == 0


def test_a_word_file_is_previewed_with_the_secretariats_observations(client_for, consulted, orgs):
    rows = [
        ["Kenya", "", "2", "", "te", "A comment.", "", "Accepted in principle\nReworded."],
        ["Kenya", "", "2", "", "ed", "Another.", "", "Already done."],
    ]
    response = preview(
        client_for(consulted["editor"]), consulted["consultation"], template_2012(rows)
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["format"], body["header_row"]) == ("docx", 1)
    assert body["unread_columns"] == []
    assert body["columns"]["observations"] == "Observations of the secretariat"
    first, second = body["rows"]
    assert (first["action"], first["decision"], first["rationale"]) == (
        "create",
        "partially_accepted",
        "Reworded.",
    )
    # Observations that give no decision: the comment comes in without one, with a warning.
    assert (second["action"], second["decision"]) == ("create", None)
    [warning] = second["warnings"]
    assert warning["column"] == "Observations of the secretariat"
    assert "'Already done.' is not a decision" in warning["message"]
    assert "1 of the new comments comes with its disposition." in body["detail"]
    assert Comment.objects.count() == 0


def test_a_dry_run_then_the_import_of_the_same_file(client_for, consulted, orgs):
    client = client_for(consulted["editor"])
    rows = [["Kenya", "", "1", "", "te", "A comment.", ""]]
    assert (
        preview(client, consulted["consultation"], csv_file(rows, header=HEADER)).json()[
            "would_create"
        ]
        == 1
    )
    response = client.post(
        URL,
        {"file": csv_file(rows), "consultation": consulted["consultation"].pk},
        format="multipart",
    )
    assert response.status_code == 201
    assert Comment.objects.count() == 1


def test_only_editors_of_the_guideline_preview(client_for, consulted, orgs, delegate):
    rows = [["Kenya", "", "1", "", "te", "A comment.", ""]]
    response = preview(client_for(delegate), consulted["consultation"], csv_file(rows))

    assert response.status_code == 403
