"""Section endpoints: the If-Match matrix, permissions, the body cap, history, diff, revert."""

import pytest

from consultation.models import Section
from consultation.services.documents import section_create, section_update
from tests.factories import CommentFactory, UserFactory, VersionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/sections/{}/"


def patch(client, section, data, if_match=None):
    headers = {} if if_match is None else {"If-Match": if_match}
    return client.patch(URL.format(section.pk), data, format="json", headers=headers)


def test_get_sends_etag(client_for, delegate, section):
    response = client_for(delegate).get(URL.format(section.pk))
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json()["revision"] == 1
    assert response.json()["number"] == "1"


@pytest.mark.parametrize(
    ("if_match", "status", "code"),
    [
        (None, 428, "precondition_required"),
        ('"1"', 200, None),
        ('"2"', 412, "stale_revision"),
        ('"0"', 412, "stale_revision"),
        ('W/"1"', 412, "stale_revision"),  # weak tags never match (RFC 9110 strong comparison)
        ("1", 400, None),
        ("*", 400, None),
        ('"1", "2"', 400, None),
        ("garbage", 400, None),
        ("", 428, "precondition_required"),
    ],
)
def test_if_match_matrix(client_for, editor, section, if_match, status, code):
    before = section.history.count()
    response = patch(
        client_for(editor), section, {"body": "Revised text.", "change_reason": "r"}, if_match
    )
    assert response.status_code == status, response.json()
    section.refresh_from_db()
    if status == 200:
        assert response["ETag"] == '"2"'
        assert (section.revision, section.body) == (2, "Revised text.")
        assert section.history.count() == before + 1
        return
    # nothing written on any refusal
    assert (section.revision, section.history.count()) == (1, before)
    body = response.json()
    if code:
        assert body["code"] == code
    else:
        assert "If-Match" in body


def test_stale_write_tells_current_revision(client_for, editor, section):
    section_update(section=section, user=editor, expected_revision=1, body="Second.")
    response = patch(client_for(editor), section, {"body": "Lost update"}, '"1"')
    assert response.status_code == 412
    assert response.json()["current_revision"] == 2


def test_put_needs_heading_and_body(client_for, editor, section):
    client = client_for(editor)
    url = URL.format(section.pk)
    response = client.put(url, {"body": "Only body"}, format="json", headers={"If-Match": '"1"'})
    assert response.status_code == 400
    assert "heading" in response.json()
    response = client.put(
        url, {"heading": "H", "body": "B"}, format="json", headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200
    assert response.json()["heading"] == "H"


def test_body_over_the_cap_is_400_and_nothing_written(client_for, editor, section):
    response = patch(client_for(editor), section, {"body": "a" * 200_001}, '"1"')
    assert response.status_code == 400
    assert "200,000" in response.json()["body"][0]
    section.refresh_from_db()
    assert section.revision == 1
    ok = patch(client_for(editor), section, {"body": "ب" * 200_000}, '"1"')
    assert ok.status_code == 200


def test_body_is_kept_byte_for_byte(client_for, editor, section):
    body = "  Leading spaces\n\n\ttab and trailing  \n"
    assert patch(client_for(editor), section, {"body": body}, '"1"').status_code == 200
    section.refresh_from_db()
    assert section.body == body


@pytest.mark.parametrize("who", ["other_editor", "delegate", "approver"])
def test_only_assigned_editors_write(client_for, request, section, guideline, who):
    user = request.getfixturevalue(who)
    client = client_for(user)
    assert patch(client, section, {"body": "x"}, '"1"').status_code == 403
    response = client.post(
        f"/api/v1/guidelines/{guideline.pk}/sections/", {"heading": "New"}, format="json"
    )
    assert response.status_code == 403
    assert client.delete(URL.format(section.pk)).status_code == 403
    assert client.post(URL.format(section.pk) + "revert/", {"revision": 1}).status_code == 403
    assert (
        client.post(f"/api/v1/guidelines/{guideline.pk}/versions/", {"label": "X"}).status_code
        == 403
    )
    assert client.get(URL.format(section.pk)).status_code == 200  # but reads
    section.refresh_from_db()
    assert section.revision == 1
    assert Section.objects.count() == 1


def test_coordinator_writes_any_guideline(client_for, coordinator, section):
    assert patch(client_for(coordinator), section, {"body": "x"}, '"1"').status_code == 200


def test_anonymous_gets_401(api, section):
    assert api.get(URL.format(section.pk)).status_code == 401


def test_create_move_and_delete_through_the_api(client_for, editor, guideline, section):
    client = client_for(editor)
    base = f"/api/v1/guidelines/{guideline.pk}/sections/"
    created = client.post(base, {"heading": "Reporting", "body": "How to report."}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["number"] == "2" and created["ETag"] == '"1"'
    child = client.post(
        base, {"heading": "Hotlines", "parent": section.pk, "order": 1}, format="json"
    ).json()
    assert child["number"] == "1.1"
    moved = client.patch(
        URL.format(child["id"]),
        {"parent": created.json()["id"], "change_reason": "Belongs under reporting"},
        format="json",
        headers={"If-Match": '"1"'},
    )
    assert moved.status_code == 200
    assert (moved.json()["number"], moved.json()["revision"]) == ("2.1", 2)
    to_top = client.patch(
        URL.format(child["id"]), {"parent": None, "order": 1}, headers={"If-Match": '"2"'}
    )
    assert to_top.json()["number"] == "1"
    listing = client.get(base).json()["results"]
    assert [(s["heading"], s["number"]) for s in listing] == [
        ("Hotlines", "1"),
        ("Safety by design", "2"),
        ("Reporting", "3"),
    ]
    assert client.delete(URL.format(child["id"])).status_code == 204
    assert [s["number"] for s in client.get(base).json()["results"]] == ["1", "2"]


def test_move_errors_are_400(client_for, editor, guideline, section):
    client = client_for(editor)
    child = section_create(guideline=guideline, user=editor, heading="Child", parent=section)
    under_own_child = client.patch(
        URL.format(section.pk), {"parent": child.pk}, headers={"If-Match": '"1"'}
    )
    assert under_own_child.status_code == 400
    assert "parent" in under_own_child.json()
    other = section_create(guideline=VersionFactory().guideline, user=editor, heading="Elsewhere")
    across = client.patch(URL.format(child.pk), {"parent": other.pk}, headers={"If-Match": '"1"'})
    assert across.status_code == 400
    assert client.patch(URL.format(child.pk), {}, headers={"If-Match": '"1"'}).status_code == 400
    bad_order = client.patch(URL.format(child.pk), {"order": 0}, headers={"If-Match": '"1"'})
    assert bad_order.status_code == 400 and "order" in bad_order.json()


def test_delete_refused_with_children_or_comments(client_for, editor, guideline, section):
    client = client_for(editor)
    child = section_create(guideline=guideline, user=editor, heading="Child", parent=section)
    response = client.delete(URL.format(section.pk))
    assert response.status_code == 409
    assert response.json()["code"] == "section_has_children"
    CommentFactory(section=child, consultation__version__guideline=guideline)
    response = client.delete(URL.format(child.pk))
    assert response.status_code == 409
    assert response.json()["code"] == "section_has_comments"
    assert Section.objects.filter(pk__in=[section.pk, child.pk]).count() == 2


def test_history_newest_first_with_author_and_reason(client_for, editor, delegate, section):
    other = UserFactory(roles=["coordinator"])
    section_update(
        section=section,
        user=editor,
        expected_revision=1,
        body="Draft 2 text.",
        change_reason="Tighten wording",
    )
    section_update(section=section, user=other, expected_revision=2, heading="Safety first")
    history = client_for(delegate).get(URL.format(section.pk) + "history/").json()
    rows = history["results"]
    assert [r["revision"] for r in rows] == [3, 2, 1]
    assert rows[0]["changed_by"] == other.pk and rows[0]["heading"] == "Safety first"
    assert rows[1]["change_reason"] == "Tighten wording"
    assert rows[1]["changed_by_username"] == editor.username
    assert rows[2]["change_type"] == "created"


def test_diff_endpoint(client_for, delegate, editor, section):
    section_update(
        section=section,
        user=editor,
        expected_revision=1,
        body=section.body.replace("most protective", "safest"),
    )
    client = client_for(delegate)
    response = client.get(URL.format(section.pk) + "diff/", {"from": 1, "to": 2})
    assert response.status_code == 200
    body = response.json()
    assert (body["from"], body["to"]) == (1, 2)
    assert {"op": "delete", "text": "most protective"} in body["changes"]
    assert {"op": "insert", "text": "safest"} in body["changes"]
    assert body["unified"].startswith("--- r1\n+++ r2")
    assert client.get(URL.format(section.pk) + "diff/").json()["from"] == 1  # default: last change
    missing = client.get(URL.format(section.pk) + "diff/", {"from": 1, "to": 9})
    assert missing.status_code == 400 and "to" in missing.json()
    assert client.get(URL.format(section.pk) + "diff/", {"from": "x"}).status_code == 400


def test_revert_makes_a_new_revision(client_for, editor, section):
    first = section.body
    section_update(section=section, user=editor, expected_revision=1, body="Worse text.")
    client = client_for(editor)
    response = client.post(
        URL.format(section.pk) + "revert/",
        {"revision": 1, "change_reason": "Back to r1"},
        headers={"If-Match": '"2"'},
    )
    assert response.status_code == 200
    assert (response.json()["revision"], response.json()["body"]) == (3, first)
    assert section.history.count() == 3  # nothing removed, one added
    assert section.history.first().history_change_reason == "Back to r1"
    bad = client.post(
        URL.format(section.pk) + "revert/", {"revision": 7}, headers={"If-Match": '"3"'}
    )
    assert bad.status_code == 400 and "revision" in bad.json()
    stale = client.post(
        URL.format(section.pk) + "revert/", {"revision": 1}, headers={"If-Match": '"2"'}
    )
    assert stale.status_code == 412


def test_revert_follows_the_if_match_rules_of_patch(client_for, editor, section):
    """A revert overwrites the text: without the ETag it would undo an edit made meanwhile."""
    section_update(section=section, user=editor, expected_revision=1, body="A colleague's edit.")
    client = client_for(editor)
    url = URL.format(section.pk) + "revert/"
    missing = client.post(url, {"revision": 1})
    assert missing.status_code == 428
    assert missing.json()["code"] == "precondition_required"
    stale = client.post(url, {"revision": 1}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_revision"
    assert client.post(url, {"revision": 1}, headers={"If-Match": "2"}).status_code == 400
    section.refresh_from_db()
    assert (section.revision, section.body) == (2, "A colleague's edit.")


def test_section_list_constant_queries(
    client_for, delegate, editor, guideline, django_assert_max_num_queries
):
    client = client_for(delegate)
    for i in range(3):
        section_create(guideline=guideline, user=editor, heading=f"S{i}")
    with django_assert_max_num_queries(4):
        small = client.get(f"/api/v1/guidelines/{guideline.pk}/sections/")
    for i in range(30):
        section_create(guideline=guideline, user=editor, heading=f"T{i}")
    with django_assert_max_num_queries(4):
        big = client.get(f"/api/v1/guidelines/{guideline.pk}/sections/")
    with django_assert_max_num_queries(4):
        flat = client.get("/api/v1/sections/", {"guideline": guideline.pk})
    assert len(small.json()["results"]) == 3
    assert len(big.json()["results"]) == 33 == big.json()["count"]
    assert flat.json()["count"] == 33


def test_history_constant_queries(
    client_for, delegate, editor, section, django_assert_max_num_queries
):
    for revision in range(1, 15):
        section_update(
            section=section, user=editor, expected_revision=revision, body=f"v{revision}"
        )
    with django_assert_max_num_queries(4):
        rows = client_for(delegate).get(URL.format(section.pk) + "history/").json()["results"]
    assert len(rows) == 15


def test_accepted_edit_reanchors_comments(
    client_for, editor, guideline, section, django_capture_on_commit_callbacks
):
    quote = "most protective settings"
    start = section.body.index(quote)
    comment = CommentFactory(
        section=section,
        consultation__version__guideline=guideline,
        anchor_quote=quote,
        anchor_start=start,
        anchor_end=start + len(quote),
        anchor_state="exact",
        current_start=start,
        current_end=start + len(quote),
        anchored_revision=1,
    )
    body = "In short: " + section.body
    with django_capture_on_commit_callbacks(execute=True):
        assert patch(client_for(editor), section, {"body": body}, '"1"').status_code == 200
    comment.refresh_from_db()
    assert (comment.anchor_state, comment.anchored_revision) == ("moved", 2)
    assert body[comment.current_start : comment.current_end] == quote
