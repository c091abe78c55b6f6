"""Named versions: freeze, read back byte for byte, compare, and list in constant queries."""

import pytest

from consultation.services.documents import (
    section_create,
    section_delete,
    section_move,
    section_update,
    version_freeze,
)

pytestmark = pytest.mark.django_db


def versions_url(guideline):
    return f"/api/v1/guidelines/{guideline.pk}/versions/"


def test_freeze_via_api_then_edits_leave_the_version_unchanged(
    client_for, editor, delegate, guideline, section
):
    child = section_create(
        guideline=guideline,
        user=editor,
        heading="Defaults",
        body="Off by default.",
        parent=section,
    )
    response = client_for(editor).post(versions_url(guideline), {"label": "Draft 1"})
    assert response.status_code == 201, response.json()
    version = response.json()
    assert version["label"] == "Draft 1" and version["created_by"] == editor.pk
    assert version["sections"] == [
        {"section": section.pk, "revision": 1},
        {"section": child.pk, "revision": 1},
    ]
    detail_url = f"/api/v1/versions/{version['id']}/"
    before = client_for(delegate).get(detail_url).json()

    section_update(section=child, user=editor, expected_revision=1, body="Changed later.")
    section_move(section=child, user=editor, expected_revision=2, parent=None)
    section_delete(section=child, user=editor)
    section_update(section=section, user=editor, expected_revision=1, heading="Renamed")

    after = client_for(delegate).get(detail_url).json()
    assert after == before
    assert [(s["number"], s["heading"], s["body"]) for s in after["sections"]] == [
        ("1", "Safety by design", section.body),
        ("1.1", "Defaults", "Off by default."),
    ]


def test_duplicate_label_is_400(client_for, editor, guideline, section):
    client = client_for(editor)
    assert client.post(versions_url(guideline), {"label": "Draft 1"}).status_code == 201
    response = client.post(versions_url(guideline), {"label": "Draft 1"})
    assert response.status_code == 400 and "label" in response.json()
    assert client.post(versions_url(guideline), {"label": " "}).status_code == 400


def test_compare_reports_changed_added_removed_and_moved(client_for, delegate, editor, guideline):
    a = section_create(guideline=guideline, user=editor, heading="A", body="Alpha text here.")
    b = section_create(guideline=guideline, user=editor, heading="B", body="Beta.")
    c = section_create(guideline=guideline, user=editor, heading="C", body="Gamma.")
    gone = section_create(guideline=guideline, user=editor, heading="Gone", body="Bye.")
    v1 = version_freeze(guideline=guideline, label="Draft 1", user=editor)

    section_update(section=a, user=editor, expected_revision=1, body="Alpha new text here.")
    section_move(section=c, user=editor, expected_revision=1, order=1)  # C now first
    section_delete(section=gone, user=editor)
    new = section_create(guideline=guideline, user=editor, heading="New", body="Fresh.")
    v2 = version_freeze(guideline=guideline, label="Draft 2", user=editor)

    response = client_for(delegate).get(
        f"/api/v1/guidelines/{guideline.pk}/compare/", {"from": v1.pk, "to": v2.pk}
    )
    assert response.status_code == 200
    body = response.json()
    assert [c_["section"] for c_ in body["changed"]] == [a.pk]
    changed = body["changed"][0]
    assert changed["revision"] == {"from": 1, "to": 2}
    assert {"op": "insert", "text": "new "} in changed["changes"]
    assert [s["section"] for s in body["added"]] == [new.pk]
    assert body["removed"][0]["section"] == gone.pk
    assert body["removed"][0]["body"] == "Bye."
    assert [m["section"] for m in body["moved"]] == [c.pk]
    assert body["moved"][0]["number"] == {"from": "3", "to": "1"}
    assert body["unchanged"] == 1  # B: renumbered, but not moved among its siblings
    assert b.pk not in [m["section"] for m in body["moved"]]


def test_compare_needs_versions_of_this_guideline(client_for, delegate, editor, guideline, section):
    v1 = version_freeze(guideline=guideline, label="Draft 1", user=editor)
    url = f"/api/v1/guidelines/{guideline.pk}/compare/"
    client = client_for(delegate)
    assert client.get(url, {"from": v1.pk}).status_code == 400
    assert client.get(url, {"from": v1.pk, "to": 99999}).status_code == 404


def test_version_lists_constant_queries(
    client_for, delegate, editor, guideline, django_assert_max_num_queries
):
    client = client_for(delegate)
    version_freeze(guideline=guideline, label="Empty", user=editor)
    with django_assert_max_num_queries(5):
        client.get(versions_url(guideline))
    for i in range(20):
        section_create(guideline=guideline, user=editor, heading=f"S{i}", body="text")
    for i in range(5):
        version_freeze(guideline=guideline, label=f"Draft {i}", user=editor)
    with django_assert_max_num_queries(5):
        listing = client.get(versions_url(guideline)).json()
    with django_assert_max_num_queries(5):
        flat = client.get("/api/v1/versions/", {"guideline": guideline.pk}).json()
    assert listing["count"] == flat["count"] == 6
    assert len(listing["results"][-1]["sections"]) == 20
    with django_assert_max_num_queries(5):
        detail = client.get(f"/api/v1/versions/{listing['results'][-1]['id']}/").json()
    assert len(detail["sections"]) == 20
