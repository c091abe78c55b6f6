"""GET /guidelines/{id}/disposition/?format=docx: the ISO 2012-03 layout, and its round trip."""

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from consultation.models import Comment
from reviews.services.comments import comment_resolve
from tests.disposition.test_disposition import _consulted_guideline
from tests.factories import ConsultationFactory, OrganisationFactory, UserFactory
from tests.imports.conftest import csv_file

IMPORT = "/api/v1/comments/import/"
ROWS = [
    ["Kenya", "12", "2.10", "", "te", "=HYPERLINK() stays text\nsecond line", "+ a\tnote"],
    ["FR-007", "4", "2.9", "Table 1", "ed", "The table lacks a caption.", ""],
    ["Kenya", "", "", "", "ge", "Say who the guidance is for.", ""],
]


def _world(client_for):
    guideline, sections, consultation = _consulted_guideline("cop-parents")
    OrganisationFactory(name="Kenya", country="KE")
    OrganisationFactory(name="France", country="FR")
    editor = UserFactory(roles=["editor"])
    guideline.editors.add(editor)
    client = client_for(editor)
    response = client.post(
        IMPORT, {"file": csv_file(ROWS), "consultation": consultation.pk}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    first = Comment.objects.get(pk=response.json()["ids"][0])
    comment_resolve(
        comment=first, user=editor, decision="rejected", rationale="The link is an example."
    )
    return guideline, sections, consultation, client


def _export(client, guideline):
    response = client.get(f"/api/v1/guidelines/{guideline.pk}/disposition/", {"format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert 'filename="disposition-cop-parents-' in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def _texts(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_docx_has_the_template_layout(client_for, db):
    guideline, _sections, _consultation, client = _world(client_for)
    document = docx.Document(io.BytesIO(_export(client, guideline)))

    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    title, columns = section.header.tables
    assert [row[0] for row in _texts(title)] == ["Date:", "Document:", "Project:"]
    assert _texts(title)[1][1] == guideline.title
    assert _texts(columns) == [
        [
            "MB/NC",
            "Line number",
            "Clause/Subclause",
            "Paragraph/Figure/Table/Note",
            "Type of comment",
            "Comments",
            "Proposed change",
            "Observations of the secretariat",
        ]
    ]
    [body] = document.tables
    # Clause order: the general comment first, then 2.9, then 2.10.
    assert _texts(body) == [
        ["Kenya", "", "", "", "ge", "Say who the guidance is for.", "", ""],
        ["FR-007", "4", "2.9", "Table 1", "ed", "The table lacks a caption.", "", ""],
        [
            "Kenya",
            "12",
            "2.10",
            "",
            "te",
            "=HYPERLINK() stays text\nsecond line",
            "+ a\tnote",
            "Rejected\nThe link is an example.",
        ],
    ]
    # Plain text runs only: no field (Word's formulas) anywhere in the body.
    xml = document.element.body
    assert not xml.findall(f".//{qn('w:fldSimple')}") and not xml.findall(f".//{qn('w:instrText')}")


def test_an_exported_docx_imports_back_as_the_same_comments(client_for, db):
    guideline, _sections, consultation, client = _world(client_for)
    exported = _export(client, guideline)
    again = ConsultationFactory(version=consultation.version)
    upload = io.BytesIO(exported)
    upload.name = "disposition.docx"

    response = client.post(IMPORT, {"file": upload, "consultation": again.pk}, format="multipart")

    assert response.status_code == 201, response.json()
    assert response.json()["warnings"] == []

    def shape(comments):
        return sorted(
            (
                c.organisation.name,
                c.section_id or 0,
                c.type,
                c.line,
                c.paragraph,
                c.body,
                c.proposed_change,
                c.external_ref,
            )
            for c in comments
        )

    assert shape(Comment.objects.filter(consultation=again)) == shape(
        Comment.objects.filter(consultation=consultation)
    )
    # The dispositions are taken over too.
    assert response.json()["unread_columns"] == []

    def dispositions(where):
        comments = Comment.objects.filter(consultation=where)
        return sorted(comments.values_list("decision", "rationale"))

    assert dispositions(again) == dispositions(consultation)


def test_the_background_export_writes_docx(client_for, db, django_capture_on_commit_callbacks):
    guideline, _sections, _consultation, client = _world(client_for)
    with django_capture_on_commit_callbacks(execute=True):
        job = client.post(
            f"/api/v1/guidelines/{guideline.pk}/disposition/exports/", {"format": "docx"}
        ).json()
    download = client.get(f"/api/v1/disposition-exports/{job['id']}/download/")

    assert download.status_code == 200
    assert download["Content-Type"].endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    assert len(document.tables[0].rows) == len(ROWS)
