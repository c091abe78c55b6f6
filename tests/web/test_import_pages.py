"""Importing a comment file in the web interface: upload, preview, map, import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import Organisation
from consultation.models import Comment

pytestmark = pytest.mark.django_db

HEADER = [
    "MB/NC",
    "Line number",
    "Clause/ Subclause",
    "Paragraph",
    "Type of comment",
    "Comments",
    "Proposed change",
]


def workbook(*rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("comments-from-chile.xlsx", data.getvalue())


def test_preview_then_import_with_an_unknown_member_body_mapped(signed_in, world):
    client = signed_in(world.editor)
    url = f"/consultations/{world.consultation.pk}/import/"
    upload = workbook(
        ["Chile", "3", world.scope.number, "", "te", "Name the services in scope.", ""],
        ["Ministerio CL", "", world.defaults.number, "", "ed", "A typo in the second line.", ""],
    )
    preview = client.post(url, {"file": upload})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Ministerio CL" in html and "Member bodies Concord does not know" in html
    assert not Comment.objects.exists()  # a preview saves nothing
    token = html.split('name="token" value="')[1].split('"')[0]
    remapped = client.post(
        url,
        {"token": token, "action": "preview", "bodies": "Ministerio CL", "body_0": world.chile.pk},
    )
    assert "2 comments would be imported" in remapped.content.decode()
    done = client.post(
        url,
        {"token": token, "action": "import", "bodies": "Ministerio CL", "body_0": world.chile.pk},
        follow=True,
    )
    assert "2 comments imported from comments-from-chile.xlsx." in done.content.decode()
    assert Comment.objects.filter(organisation=world.chile).count() == 2


def test_a_file_that_is_not_a_template_is_refused_on_the_form(signed_in, world):
    client = signed_in(world.editor)
    response = client.post(
        f"/consultations/{world.consultation.pk}/import/",
        {"file": SimpleUploadedFile("notes.doc", b"\xd0\xcf\x11\xe0rest-of-an-old-word-file")},
    )
    assert "save it as .docx" in response.content.decode()


def test_delegates_have_no_import_page(signed_in, world):
    response = signed_in(world.focal).get(f"/consultations/{world.consultation.pk}/import/")
    assert response.status_code == 404


def test_a_token_of_someone_else_is_not_honoured(signed_in, world, client):
    editor = signed_in(world.editor)
    html = editor.post(
        f"/consultations/{world.consultation.pk}/import/",
        {"file": workbook(["Chile", "", world.scope.number, "", "te", "Text.", ""])},
    ).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    client.logout()
    client.force_login(world.coordinator)
    response = client.post(
        f"/consultations/{world.consultation.pk}/import/",
        {"token": token, "action": "import"},
        follow=True,
    )
    assert "no longer kept" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_same_file_twice_is_refused_unless_the_editor_says_so(signed_in, world):
    client = signed_in(world.editor)
    url = f"/consultations/{world.consultation.pk}/import/"

    def upload_and_import(**extra):
        html = client.post(
            url, {"file": workbook(["Chile", "", world.scope.number, "", "te", "Once.", ""])}
        ).content.decode()
        token = html.split('name="token" value="')[1].split('"')[0]
        return client.post(url, {"token": token, "action": "import", **extra}, follow=True)

    upload_and_import()
    again = upload_and_import()
    assert "Nothing was imported" in again.content.decode()
    assert Comment.objects.count() == 1
    upload_and_import(allow_duplicate="on")
    assert Comment.objects.count() == 2


def test_a_resolved_file_shows_each_disposition_and_updates_the_comments(signed_in, world):
    client = signed_in(world.editor)
    url = f"/consultations/{world.consultation.pk}/import/"
    client.post(url, {"file": workbook(["CL-004", "", world.scope.number, "", "te", "Scope.", ""])})
    token = client.session["pending_imports"].popitem()[0]
    client.post(url, {"token": token, "action": "import"})
    [comment] = Comment.objects.filter(external_ref="CL-004")
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER, "Observations of the secretariat"])
    sheet.append(
        ["CL-004", "", world.scope.number, "", "te", "Scope.", "", "Not accepted\nOut of scope."]
    )
    data = io.BytesIO()
    book.save(data)

    html = client.post(url, {"file": SimpleUploadedFile("resolved.xlsx", data.getvalue())})
    html = html.content.decode()

    assert f"Changes the disposition of comment {comment.pk}" in html
    assert "<strong>Rejected</strong>" in html and "Out of scope." in html
    assert "Import 0 comments and update 1 dispositions" in html
    token = html.split('name="token" value="')[1].split('"')[0]
    done = client.post(url, {"token": token, "action": "import"}, follow=True)
    assert "1 comment already in Concord got the file&#x27;s disposition." in done.content.decode()
    comment.refresh_from_db()
    assert (comment.decision, comment.rationale) == ("rejected", "Out of scope.")


def test_an_unknown_member_body_created_as_an_organisation_in_the_same_import(signed_in, world):
    client = signed_in(world.editor)
    url = f"/consultations/{world.consultation.pk}/import/"
    upload = workbook(["Eclipse Foundation", "", world.scope.number, "", "te", "Scope.", ""])
    html = client.post(url, {"file": upload}).content.decode()
    assert "Or create Eclipse Foundation as a new organisation of kind" in html
    token = html.split('name="token" value="')[1].split('"')[0]
    choice = {"token": token, "bodies": "Eclipse Foundation", "create_0": "civil_society"}

    again = client.post(url, {**choice, "action": "preview"}).content.decode()
    assert "Importing will create these organisations" in again
    assert "1 comment would be imported." in again
    assert not Organisation.objects.filter(name="Eclipse Foundation").exists()

    done = client.post(url, {**choice, "action": "import"}, follow=True)
    assert "1 comment imported" in done.content.decode()
    eclipse = Organisation.objects.get(name="Eclipse Foundation")
    assert Comment.objects.get(body="Scope.").organisation == eclipse


def test_mapping_and_creating_the_same_body_is_an_error_on_the_form(signed_in, world):
    client = signed_in(world.editor)
    url = f"/consultations/{world.consultation.pk}/import/"
    upload = workbook(["Eclipse Foundation", "", world.scope.number, "", "te", "Scope.", ""])
    html = client.post(url, {"file": upload}).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    both = {"token": token, "bodies": "Eclipse Foundation", "body_0": world.chile.pk}
    response = client.post(url, {**both, "create_0": "youth", "action": "import"})
    assert response.status_code == 400
    assert "is mapped to an organisation; do not also create it" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_preview_names_the_header_row_and_counts_one_comment_in_the_singular(signed_in, world):
    client = signed_in(world.editor)
    upload = workbook(["Chile", "3", world.scope.number, "", "te", "Name the services.", ""])
    html = client.post(
        f"/consultations/{world.consultation.pk}/import/", {"file": upload}
    ).content.decode()
    assert "Read as xlsx, header on row 1." in html  # the workbook's first row
    assert "1 comment would be imported." in html
