"""Markdown import (headings become the tree) and export of any version, and their round trip."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation.models import Section
from consultation.services.documents import guideline_create, section_create, version_freeze
from consultation.services.markdown_io import MARKDOWN_MAX_BYTES

pytestmark = pytest.mark.django_db

DOCUMENT = """# Introduction

Children meet the internet earlier every year; these notes help services meet them safely.

## Scope

This guidance covers apps, games and social platforms.
\\# A line that only looks like a heading.

## Terms

```
# a code comment, not a heading
```

# Safe design

Set the most protective options by default.

### Defaults for new accounts

Private profiles; no location sharing.

# Международное сотрудничество

Сотрудничество между странами важно.

## التعاون

يجب حماية الأطفال على الإنترنت.

## 合作

儿童上网应当安全。
"""


def import_url(guideline):
    return f"/api/v1/guidelines/{guideline.pk}/import-markdown/"


def tree(guideline):
    return list(
        Section.objects.filter(guideline=guideline)
        .order_by("sort_key")
        .values_list("number", "heading", "body", "revision")
    )


def test_import_builds_the_tree_with_history(client_for, editor, guideline):
    upload = SimpleUploadedFile("cop.md", DOCUMENT.encode(), content_type="text/markdown")
    response = client_for(editor).post(
        import_url(guideline),
        {"file": upload, "change_reason": "Draft 0 from Word"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 8
    rows = tree(guideline)
    assert [(n, h) for n, h, _, _ in rows] == [
        ("1", "Introduction"),
        ("1.1", "Scope"),
        ("1.2", "Terms"),
        ("2", "Safe design"),
        ("2.1", "Defaults for new accounts"),
        ("3", "Международное сотрудничество"),
        ("3.1", "التعاون"),
        ("3.2", "合作"),
    ]
    scope = Section.objects.get(guideline=guideline, heading="Scope")
    assert scope.body.endswith("# A line that only looks like a heading.")
    terms = Section.objects.get(guideline=guideline, heading="Terms")
    assert "# a code comment" in terms.body
    history = scope.history.get()
    assert (history.history_user, history.history_change_reason) == (editor, "Draft 0 from Word")
    assert scope.parent.heading == "Introduction"


def test_round_trip_through_a_version(client_for, editor, delegate, coordinator, guideline):
    client = client_for(editor)
    assert client.post(import_url(guideline), {"text": DOCUMENT}).status_code == 201
    version = version_freeze(guideline=guideline, label="Draft 1", user=editor)
    exported = client_for(delegate).get(f"/api/v1/versions/{version.pk}/markdown/")
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("text/markdown")
    text = exported.content.decode()

    copy = guideline_create(
        user=coordinator, slug="copy", title="Copy", audience="children", editors=[editor]
    )
    upload = SimpleUploadedFile("copy.md", text.encode(), content_type="text/markdown")
    assert client.post(import_url(copy), {"file": upload}, format="multipart").status_code == 201
    assert [r[:3] for r in tree(copy)] == [r[:3] for r in tree(guideline)]
    again = version_freeze(guideline=copy, label="Draft 1", user=editor)
    assert (
        client.get(f"/api/v1/versions/{again.pk}/markdown/").content.decode().split("\n")[1:]
        == text.split("\n")[1:]
    )  # identical but for the title line


def test_export_of_an_edited_tree(client_for, editor, guideline, section):
    section_create(guideline=guideline, user=editor, heading="Child", body="# hash", parent=section)
    version = version_freeze(guideline=guideline, label="V", user=editor)
    text = client_for(editor).get(f"/api/v1/versions/{version.pk}/markdown/").content.decode()
    assert "\n# Safety by design\n" in text
    assert "\n## Child\n\n\\# hash\n" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Intro without heading\n# H\n", "before the first heading"),
        ("no headings at all", "before the first heading"),
        ("\n\n", "no headings"),
        ("# A\n\n#\n", "needs text"),
        ("# A\n\n" + "x" * 200_001 + "\n", "at most 200,000"),
    ],
)
def test_bad_markdown_is_400_and_nothing_saved(client_for, editor, guideline, text, message):
    response = client_for(editor).post(import_url(guideline), {"text": text})
    assert response.status_code == 400, response.json()
    errors = response.json().get("file") or response.json().get("text")
    assert message in errors[0]
    assert not Section.objects.filter(guideline=guideline).exists()


def test_import_file_rules(client_for, editor, guideline, section):
    client = client_for(editor)
    response = client.post(import_url(guideline), {"text": "# A\n"})
    assert response.status_code == 409
    assert response.json()["code"] == "guideline_not_empty"
    empty = guideline_create(
        user=editor, slug="empty", title="Empty", audience="children", editors=[editor]
    )
    latin1 = SimpleUploadedFile("x.md", "# Caf\xe9\n".encode("latin-1"))
    response = client.post(import_url(empty), {"file": latin1}, format="multipart")
    assert response.status_code == 400 and "UTF-8" in response.json()["file"][0]
    big = SimpleUploadedFile("x.md", b"# A\n" + b"a" * MARKDOWN_MAX_BYTES)
    response = client.post(import_url(empty), {"file": big}, format="multipart")
    assert response.status_code == 400
    neither = client.post(import_url(empty), {})
    assert neither.status_code == 400
    assert not Section.objects.filter(guideline=empty).exists()


def test_only_editors_import(client_for, other_editor, delegate, guideline):
    for user in (other_editor, delegate):
        response = client_for(user).post(import_url(guideline), {"text": "# A\n"})
        assert response.status_code == 403
    assert not Section.objects.filter(guideline=guideline).exists()
