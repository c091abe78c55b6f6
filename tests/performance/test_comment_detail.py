"""Query discipline of one comment's answers (issue 13): the detail and the answer to a create
run the list's row path, in a fixed number of queries per kind of reader."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.services.comments import comment_create
from tests.performance import test_comment_list as listing
from tests.performance.test_comment_list import BODY, QUOTE, add_comments, token_client

world = listing.world
fast_password_hashing = listing.fast_password_hashing

# Of a resolved comment (the most the rules read): token + user, the comment's row, its
# consultation; for an editor the guidelines they edit and when the guideline's current cycle
# began; for a delegate the invitations, that cycle, their organisation and its focal point.
DETAIL_QUERIES = {"coordinator": 3, "editor": 5, "kenyan": 7}


def queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("role", ["coordinator", "editor", "kenyan"])
def test_detail_runs_a_fixed_number_of_queries(world, role):
    client = token_client(getattr(world, role))
    for count in (1, 30):
        add_comments(world, count)
        comment = world.consultation.comments.filter(decision="noted").order_by("-id").first()
        counted, response = queries(lambda c=comment: client.get(f"/api/v1/comments/{c.pk}/"))
        assert response.status_code == 200
        assert response.json()["resolution"]["decision"] == "noted"
        assert counted == DETAIL_QUERIES[role]


def test_detail_of_an_unreadable_comment_is_a_404(world):
    draft = comment_create(
        user=world.kenyan, consultation=world.consultation, type="general", body="Ours only."
    )
    client = token_client(world.coordinator)
    assert client.get(f"/api/v1/comments/{draft.pk}/").status_code == 404
    # Past the 64-bit ids: a 404 too, not a database overflow.
    assert client.get(f"/api/v1/comments/{2**64}/").status_code == 404


@pytest.mark.parametrize("anchored", [False, True])
def test_create_runs_a_fixed_number_of_queries(world, anchored):
    client = token_client(world.kenyan)
    start = BODY.index(QUOTE)
    anchor = {"quote": QUOTE, "start": start, "end": start + len(QUOTE)}

    def create():
        return client.post(
            "/api/v1/comments/",
            {
                "consultation": world.consultation.pk,
                "section": world.section.pk,
                "type": "general",
                "body": "Name who answers reports.",
                **({"anchor": anchor} if anchored else {}),
            },
            format="json",
        )

    first, response = queries(create)
    assert response.status_code == 201
    assert response.json()["anchor_state"] == ("exact" if anchored else None)
    add_comments(world, 30)
    again, response = queries(create)
    assert response.status_code == 201
    assert again == first
    # Authentication, the locked consultation and its rules, the section, the consulted text,
    # the savepoints, the insert and its history row, then the answer as the detail reads it.
    assert first == 16
