"""Collated and resolved files: the secretariat's observations imported as dispositions,
through the one resolve path, all or nothing, and over the comments they came from."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation.iso_template.observations import read_disposition
from consultation.models import Comment
from tests.factories import UserFactory

from .conftest import HEADER, csv_file, xlsx_file
from .wordfiles import template_2012

URL = "/api/v1/comments/import/"
OBSERVED = [*HEADER, "Observations of the secretariat"]


def post(client, consultation, upload, **data):
    return client.post(
        URL, {"file": upload, "consultation": consultation.pk, **data}, format="multipart"
    )


@pytest.mark.parametrize(
    ("decision", "observations", "expected"),
    [
        ("", "Accepted", ("accepted", "")),
        (
            "",
            "Accepted in principle.\nThe clause is reworded.",
            ("partially_accepted", "The clause is reworded."),
        ),
        ("", "Not accepted: the annex is informative.", ("rejected", "the annex is informative.")),
        ("", "REJECTED\n\tKept as written.", ("rejected", "Kept as written.")),
        ("", "Noted", ("noted", "")),
        ("", "Accepté en principe", ("partially_accepted", "")),
        ("Partially accepted", "Moved to 4.2.", ("partially_accepted", "Moved to 4.2.")),
        ("Not accepted", "", ("rejected", "")),
    ],
)
def test_decisions_are_read_from_the_first_line_or_a_status_column(
    decision, observations, expected
):
    disposition, problem = read_disposition(decision, observations)
    assert problem == ""
    assert (disposition.decision, disposition.rationale) == expected


@pytest.mark.parametrize(
    ("status", "observations"), [("Open", "To discuss."), ("pending", ""), ("", "")]
)
def test_an_open_status_carries_no_disposition(status, observations):
    assert read_disposition(status, observations) == (None, "")


def test_a_collated_word_file_imports_its_comments_with_their_dispositions(
    client_for, consulted, orgs
):
    rows = [
        ["KE-001", "", "2.1", "", "te", "Say who checks ages.", "", "Accepted"],
        ["FR-007", "", "2", "", "ed", "A caption.", "", "Not accepted\nThe table has one."],
        ["KE-002", "", "1", "", "ge", "Still open.", "", ""],
    ]
    response = post(client_for(consulted["editor"]), consulted["consultation"], template_2012(rows))

    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 3 and response.json()["updated"] == []
    got = dict(Comment.objects.values_list("external_ref", "decision"))
    assert got == {"KE-001": "accepted", "FR-007": "rejected", "KE-002": ""}
    rejected = Comment.objects.get(external_ref="FR-007")
    assert rejected.rationale == "The table has one."
    assert rejected.resolved_by == consulted["editor"]
    assert rejected.history.first().history_change_reason.startswith("resolved as rejected")


def _imported(client, consulted):
    rows = [
        ["KE-001", "", "2.1", "", "te", "Say who checks ages.", ""],
        ["FR-007", "", "2", "", "ed", "A caption.", ""],
    ]
    response = post(client, consulted["consultation"], csv_file(rows))
    assert response.status_code == 201, response.json()
    return {c.external_ref: c for c in Comment.objects.all()}


RESOLVED = [
    ["KE-001", "", "2.1", "", "te", "Say who checks ages.", "", "Accepted in principle\nSee 2.1."],
    ["FR-007", "", "2", "", "ed", "A caption.", "", "Noted\nFor the next edition."],
]


def test_a_resolved_file_previews_then_updates_the_comments_it_came_from(
    client_for, consulted, orgs
):
    client = client_for(consulted["editor"])
    comments = _imported(client, consulted)
    upload = xlsx_file(RESOLVED, header=OBSERVED, name="resolved.xlsx")

    preview = post(client, consulted["consultation"], upload, dry_run="true").json()
    assert (preview["would_create"], preview["would_update"], preview["unchanged"]) == (0, 2, 0)
    assert [(r["action"], r["comment"], r["decision"]) for r in preview["rows"]] == [
        ("update", comments["KE-001"].pk, "partially_accepted"),
        ("update", comments["FR-007"].pk, "noted"),
    ]
    assert "2 comments already in Concord would get the file's disposition" in preview["detail"]
    assert Comment.objects.exclude(decision="").count() == 0

    upload.seek(0)
    response = post(client, consulted["consultation"], upload)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] == 0
    assert body["updated"] == sorted(c.pk for c in comments.values())
    assert Comment.objects.count() == 2
    assert dict(Comment.objects.values_list("external_ref", "rationale")) == {
        "KE-001": "See 2.1.",
        "FR-007": "For the next edition.",
    }

    # The same file again changes nothing; a changed decision reopens the disposition.
    upload.seek(0)
    again = post(client, consulted["consultation"], upload, allow_duplicate="true").json()
    assert (again["updated"], len(again["unchanged"])) == ([], 2)
    changed = [RESOLVED[0], [*RESOLVED[1][:7], "Accepted"]]
    response = post(
        client,
        consulted["consultation"],
        xlsx_file(changed, header=OBSERVED),
        allow_duplicate="true",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["updated"] == [comments["FR-007"].pk]
    fr = Comment.objects.get(pk=comments["FR-007"].pk)
    assert (fr.decision, fr.rationale) == ("accepted", "")
    assert fr.history.first().history_change_reason == "reopened: resolved as accepted"


def test_rows_the_resolve_path_refuses_are_named_and_nothing_is_saved(client_for, consulted, orgs):
    client = client_for(consulted["editor"])
    comments = _imported(client, consulted)
    rows = [
        RESOLVED[0],
        ["FR-007", "", "2", "", "ed", "A caption.", "", "Rejected"],  # no rationale
        ["KE-003", "", "1", "", "ge", "A new one.", "", "Accepted"],
    ]
    upload = xlsx_file(rows, header=OBSERVED)

    preview = post(client, consulted["consultation"], upload, dry_run="true").json()
    assert preview["would_update"] == 0
    [error] = preview["errors"]
    assert (error["row"], error["column"]) == (3, "Observations of the secretariat")
    assert "Explain the decision" in error["message"]
    assert preview["rows"][1]["errors"] == [error]

    upload.seek(0)
    response = post(client, consulted["consultation"], upload)

    assert response.status_code == 400
    assert response.json()["code"] == "import_rejected"
    assert [e["row"] for e in response.json()["errors"]] == [3]
    assert Comment.objects.count() == 2  # KE-003 was not created either
    assert not Comment.objects.exclude(decision="").exists()
    assert comments["KE-001"].history.count() == 1


def test_a_coordinator_may_import_comments_but_not_give_dispositions(client_for, consulted, orgs):
    coordinator = UserFactory(roles=["coordinator"])
    upload = xlsx_file(RESOLVED, header=OBSERVED)

    response = post(client_for(coordinator), consulted["consultation"], upload)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["row"] for e in errors] == [2, 3]
    assert all("Only editors of this guideline resolve" in e["message"] for e in errors)
    assert Comment.objects.count() == 0


def test_concords_own_xlsx_export_updates_the_same_comments(client_for, consulted, orgs):
    client = client_for(consulted["editor"])
    rows = [["Kenya", "", "1", "", "ge", "No number of its own.", ""], RESOLVED[1][:7]]
    assert post(client, consulted["consultation"], csv_file(rows)).status_code == 201
    kenya, france = Comment.objects.order_by("id")
    guideline = consulted["guideline"]
    exported = client.get(f"/api/v1/guidelines/{guideline.pk}/disposition/", {"format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(exported.streaming_content)))
    sheet = workbook.active
    header_row = next(row for row in sheet.iter_rows(max_row=20) if row[0].value == "MB/NC")
    columns = {cell.value: cell.column for cell in header_row}
    for row in sheet.iter_rows(min_row=header_row[0].row + 1):
        pk = row[columns["Comment ID"] - 1].value
        decision = {kenya.pk: "Rejected", france.pk: "Accepted in principle"}[int(pk)]
        row[columns["Decision"] - 1].value = decision
        row[columns["Observations of the secretariat"] - 1].value = f"Reason {pk}."
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("disposition.xlsx", buffer.getvalue())

    response = post(client, consulted["consultation"], upload)

    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 0
    assert response.json()["updated"] == [kenya.pk, france.pk]
    kenya.refresh_from_db()
    france.refresh_from_db()
    assert (kenya.decision, kenya.rationale) == ("rejected", f"Reason {kenya.pk}.")
    assert (france.decision, france.external_ref) == ("partially_accepted", "FR-007")
