"""ISO's online commenting tool (OSD) exports: its sheet, title block and columns."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation.iso_template import header_key
from consultation.models import Comment

URL = "/api/v1/comments/import/"
OSD_HEADER = [
    "Comment ID",
    "User name",
    "Clause nb",
    "Clause Title",
    "Type",
    "Subtype",
    "Comment",
    "Proposal on Text",
    "Resolution status",
    "Motivation",
    "Resolution Date",
    "Stage code",
]


def osd_export(rows, *, header=OSD_HEADER):
    """An xlsx laid out as OSD exports it: sheet "Comments (N)", Date / Reference / Title, the
    header on row 4."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = f"Comments ({len(rows)})"
    sheet.append(["Date", "2026-11-30"])
    sheet.append(["Reference", "ISO/DIS 99999"])
    sheet.append(["Title", "Guidelines on protecting children online"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("osd-export.xlsx", buffer.getvalue())


ROWS = [
    [1, "Kenya", "2.1", "Age checks", "Technical", "", "Say who checks ages.", "Name them.",
     "Accepted in principle", "Reworded in 2.1.", "2026-11-29", "40.20"],
    [2, "France", "General", "", "Editorial", "", "Spell out COP once.", "", "Open", "",
     "", "40.20"],
]  # fmt: skip


def test_an_osd_export_imports_with_its_resolutions(client_for, consulted, orgs):
    client = client_for(consulted["editor"])
    upload = osd_export(ROWS)

    preview = client.post(
        URL,
        {"file": upload, "consultation": consulted["consultation"].pk, "dry_run": "true"},
        format="multipart",
    ).json()
    assert (preview["format"], preview["header_row"]) == ("xlsx", 4)
    assert preview["columns"] == {
        "comment_id": "Comment ID",
        "organisation": "User name",
        "clause": "Clause nb",
        "type": "Type",
        "comment": "Comment",
        "proposed_change": "Proposal on Text",
        "decision": "Resolution status",
        "observations": "Motivation",
    }
    # What is not read is named, not dropped unseen.
    assert [c["column"] for c in preview["unread_columns"]] == [
        "Clause Title",
        "Resolution Date",
        "Stage code",
    ]
    assert [(r["action"], r["external_ref"], r["decision"]) for r in preview["rows"]] == [
        ("create", "1", "partially_accepted"),
        ("create", "2", None),
    ]

    upload.seek(0)
    response = client.post(
        URL, {"file": upload, "consultation": consulted["consultation"].pk}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    kenya = Comment.objects.get(external_ref="1")
    assert (kenya.section, kenya.type, kenya.proposed_change) == (
        consulted["sections"]["2.1"],
        "technical",
        "Name them.",
    )
    assert (kenya.decision, kenya.rationale) == ("partially_accepted", "Reworded in 2.1.")
    france = Comment.objects.get(external_ref="2")
    assert (france.section, france.decision) == (None, "")


def test_a_resolved_osd_export_updates_the_comments_it_first_brought(client_for, consulted, orgs):
    client = client_for(consulted["editor"])
    first = [[*row[:8], "Open", "", "", "40.20"] for row in ROWS]
    data = {"consultation": consulted["consultation"].pk}
    assert (
        client.post(URL, {**data, "file": osd_export(first)}, format="multipart").status_code == 201
    )
    resolved = [ROWS[0], [*ROWS[1][:8], "Not accepted", "The acronym is spelled out.", "", ""]]

    response = client.post(URL, {**data, "file": osd_export(resolved)}, format="multipart")

    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 0 and len(response.json()["updated"]) == 2
    assert sorted(Comment.objects.values_list("external_ref", "decision")) == [
        ("1", "partially_accepted"),
        ("2", "rejected"),
    ]


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("Comment number", "comment_id"),
        ("Comment type", "type"),
        ("Comment/Motivation", "comment"),
        ("Proposed change", "proposed_change"),
        ("Justification", "observations"),
        ("Observations of the secretariat", "observations"),
        ("Secretariat observations\non each comment submitted", "observations"),
        ("MB/NC comment number", "reference"),
        ("Decision", "decision"),
        ("Resolution Date", None),
        ("Stage code", None),
    ],
)
def test_the_osd_and_collation_headers_are_read_by_meaning(cell, key):
    assert header_key(cell) == key
