"""The comment list: filters, full-text search, cursor pagination and constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.services.comments import comment_create, comment_submit
from consultation.services.documents import section_update

pytestmark = pytest.mark.django_db


def test_search_finds_words_in_body_and_in_proposed_change(world, client_for, make_comment):
    in_body = make_comment(body="Livestreaming by minors needs extra safeguards.")
    in_change = comment_create(
        user=world.kenyan,
        consultation=world.consultation,
        type="general",
        body="The section is unclear.",
        proposed_change="Mention grooming risks in multiplayer chat.",
    )
    make_comment(body="Nothing relevant here.")
    client = client_for(world.kenyan)

    def ids(query):
        return {c["id"] for c in client.get("/api/v1/comments/", {"q": query}).json()["results"]}

    assert ids("livestreaming") == {in_body.pk}
    assert ids("grooming") == {in_change.pk}
    assert ids("grooming multiplayer") == {in_change.pk}
    assert ids("safeguards grooming") == set()
    assert ids("zebra") == set()


def test_filters(world, client_for, make_comment):
    kenyan = make_comment(submit=True)
    chilean = comment_create(
        user=world.chilean,
        consultation=world.consultation,
        type="editorial",
        body="Typo in the second sentence.",
        section=world.other_section,
    )
    comment_submit(user=world.chilean, comment=chilean)
    kenyan.decision, kenyan.rationale, kenyan.assignee = "noted", "Thanks", world.editor
    kenyan.save()
    client = client_for(world.coordinator)

    def ids(**params):
        response = client.get("/api/v1/comments/", params)
        assert response.status_code == 200, response.json()
        return {c["id"] for c in response.json()["results"]}

    both = {kenyan.pk, chilean.pk}
    assert ids() == both
    assert ids(consultation=world.consultation.pk) == both
    assert ids(guideline=world.guideline.pk) == both
    assert ids(guideline=world.guideline.pk + 100) == set()
    assert ids(section=world.other_section.pk) == {chilean.pk}
    assert ids(organisation=world.kenya.pk) == {kenyan.pk}
    assert ids(organisation_kind="member_state") == both
    assert ids(organisation_kind="youth") == set()
    assert ids(type="editorial") == {chilean.pk}
    assert ids(status="submitted") == both
    assert ids(decision="noted") == {kenyan.pk}
    assert ids(resolved="true") == {kenyan.pk}
    assert ids(resolved="false") == {chilean.pk}
    assert ids(assignee=world.editor.pk) == {kenyan.pk}
    assert ids(anchor_state="exact") == {kenyan.pk}

    resolved = client.get(f"/api/v1/comments/{kenyan.pk}/").json()["resolution"]
    assert resolved["decision"] == "noted" and resolved["rationale"] == "Thanks"
    assert set(resolved) == {
        "decision",
        "rationale",
        "resolved_by",
        "resolved_at",
        "revision",
        "response",
        "response_note",
        "responded_by",
        "settlement",
    }


def test_bad_filter_value_is_a_400(world, client_for):
    response = client_for(world.kenyan).get("/api/v1/comments/", {"type": "spelling"})
    assert response.status_code == 400
    assert "type" in response.json()


def test_cursor_pagination_walks_every_comment_once(world, client_for, make_comment):
    made = {make_comment().pk for _ in range(7)}
    client = client_for(world.kenyan)
    seen, url = [], "/api/v1/comments/?page_size=3"
    while url:
        page = client.get(url).json()
        assert "count" not in page
        seen += [c["id"] for c in page["results"]]
        url = page["next"]
    assert seen == sorted(made, reverse=True)


def _list_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/comments/?page_size=200")
    assert response.status_code == 200
    return len(captured), len(response.json()["results"])


@pytest.mark.parametrize("reader", ["kenyan", "coordinator", "editor"])
def test_list_queries_stay_constant_as_comments_grow(
    world, client_for, make_comment, django_assert_max_num_queries, reader
):
    client = client_for(getattr(world, reader))
    for _ in range(2):
        make_comment(submit=True)
    few, shown_few = _list_queries(client)
    for _ in range(20):
        make_comment(submit=True)
        make_comment(world.chilean, submit=True)
    # A revised section makes every anchor stale: recomputed in memory, still no extra query.
    section_update(
        section=world.section,
        user=world.editor,
        expected_revision=world.section.revision,
        body="Preface. " + world.section.body,
    )
    with django_assert_max_num_queries(few):
        response = client.get("/api/v1/comments/?page_size=200")
    assert len(response.json()["results"]) > shown_few
    assert response.json()["results"][0]["anchor_state"] == "moved"
