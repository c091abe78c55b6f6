"""The editors' queue and a comment in context, through Django's test client."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.models import Comment, CommentStatus, Decision
from consultation.services.comments import comment_create, comment_submit
from consultation.services.documents import section_update
from reviews.services.comments import comment_resolve
from tests.factories import GuidelineFactory, UserFactory

from .test_delegate_pages import anchor
from .world import SCOPE

pytestmark = pytest.mark.django_db


def submitted(
    world, section=None, body="The scope should name services children are affected by.", **extra
):
    comment = comment_create(
        user=world.focal,
        consultation=world.consultation,
        type="technical",
        body=body,
        section=section or world.scope,
        **extra,
    )
    return comment_submit(user=world.focal, comment=comment)


def queue_url(world, query=""):
    return f"/guidelines/{world.guideline.pk}/queue/{query}"


def ids_on(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'name="comments" value="(\d+)"', html)]


def test_the_queue_lists_the_guideline_comments_for_its_editors_only(signed_in, world):
    first, second = submitted(world), submitted(world, world.defaults)
    html = signed_in(world.editor).get(queue_url(world)).content.decode()
    assert ids_on(html) == [second.pk, first.pk]
    outsider = UserFactory(roles=["editor"])
    outsider.edited_guidelines.add(GuidelineFactory())
    assert signed_in(outsider).get(queue_url(world)).status_code == 404
    assert signed_in(world.focal).get(queue_url(world)).status_code == 404


def test_filters_are_links_that_the_url_keeps(signed_in, world):
    open_one = submitted(world)
    done = submitted(world, world.defaults)
    comment_resolve(comment=done, user=world.editor, decision=Decision.ACCEPTED)
    client = signed_in(world.editor)
    page = client.get(queue_url(world)).content.decode()
    assert 'href="?resolved=false"' in page
    assert ids_on(client.get(queue_url(world, "?resolved=false")).content.decode()) == [open_one.pk]
    assert ids_on(client.get(queue_url(world, "?decision=accepted")).content.decode()) == [done.pk]
    searched = client.get(queue_url(world, "?q=affected")).content.decode()
    assert set(ids_on(searched)) == {open_one.pk, done.pk}
    bad = client.get(queue_url(world, "?status=policy")).content.decode()
    assert "A filter was not understood" in bad and "status" in bad


def test_the_queue_pages_by_keyset_with_the_same_queries_on_every_page(signed_in, world):
    for n in range(60):
        submitted(world, body=f"Comment number {n} on the scope of the guidelines.")
    client = signed_in(world.editor)
    client.get(queue_url(world))
    with CaptureQueriesContext(connection) as first:
        page_one = client.get(queue_url(world)).content.decode()
    before = re.search(r'href="\?before=(\d+)"', page_one).group(1)
    with CaptureQueriesContext(connection) as second:
        page_two = client.get(queue_url(world, f"?before={before}")).content.decode()
    assert len(ids_on(page_one)) == 50 and len(ids_on(page_two)) == 10
    assert not set(ids_on(page_one)) & set(ids_on(page_two))
    assert len(first) == len(second)


def test_batch_resolution_applies_to_all_or_says_why_not(signed_in, world):
    a, b, c = submitted(world), submitted(world), submitted(world)
    comment_resolve(comment=c, user=world.editor, decision=Decision.NOTED, rationale="Seen.")
    client = signed_in(world.editor)
    refused = client.post(
        f"/guidelines/{world.guideline.pk}/queue/resolve/",
        {"comments": [a.pk, b.pk, c.pk], "decision": "rejected", "rationale": "Out of scope."},
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Nothing was saved" in html and f"Comment {c.pk} is already resolved" in html
    assert set(ids_on(html)) >= {a.pk, b.pk}
    assert re.search(rf'value="{a.pk}" id="pick-{a.pk}" checked', html)  # selection kept
    assert Comment.objects.filter(decision="rejected").count() == 0
    done = client.post(
        f"/guidelines/{world.guideline.pk}/queue/resolve/?resolved=false",
        {"comments": [a.pk, b.pk], "decision": "rejected", "rationale": "Out of scope."},
        follow=True,
    )
    assert "Applied to 2 of 2 comments." in done.content.decode()
    assert done.redirect_chain[-1][0].endswith("/queue/?resolved=false")
    assert Comment.objects.filter(decision="rejected").count() == 2


def test_a_comment_in_context_shows_where_its_passage_is_now(signed_in, world):
    comment = submitted(world, anchor=anchor(SCOPE, "many young users"))
    section_update(
        section=world.scope,
        user=world.editor,
        expected_revision=world.scope.revision,
        body="New opening sentence. " + SCOPE,
        change_reason="Open with a summary",
    )
    html = signed_in(world.editor).get(f"/comments/{comment.pk}/").content.decode()
    assert "The passage is unchanged but has moved." in html
    assert "New opening sentence." in html and "many young users</mark>" in html
    assert "Revision 2: Open with a summary" in html


def test_an_editor_resolves_a_comment_and_a_missing_rationale_is_named(signed_in, world):
    comment = submitted(world)
    client = signed_in(world.editor)
    refused = client.post(f"/comments/{comment.pk}/resolve/", {"decision": "rejected"})
    assert refused.status_code == 400
    assert "There is a problem" in refused.content.decode()
    comment.refresh_from_db()
    assert comment.decision == ""
    client.post(
        f"/comments/{comment.pk}/resolve/",
        {"decision": "rejected", "rationale": "Services for adults are out of scope."},
    )
    comment.refresh_from_db()
    assert (comment.decision, comment.resolved_by) == ("rejected", world.editor)


def test_delegates_see_no_resolve_form(signed_in, world):
    comment = submitted(world)
    html = signed_in(world.focal).get(f"/comments/{comment.pk}/").content.decode()
    assert "Record the disposition" not in html
    response = signed_in(world.focal).post(
        f"/comments/{comment.pk}/resolve/", {"decision": "accepted"}
    )
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.decision == "" and comment.status == CommentStatus.SUBMITTED


def test_filter_links_carry_the_dashboard_counts(signed_in, world):
    done = submitted(world)
    submitted(world, world.defaults)
    comment_resolve(comment=done, user=world.editor, decision=Decision.ACCEPTED)
    html = signed_in(world.editor).get(queue_url(world)).content.decode()
    assert re.search(r'\?resolved=false"[^>]*>Not resolved</a> <span[^>]*>1</span>', html)
    assert re.search(r'\?decision=accepted"[^>]*>Accepted</a> <span[^>]*>1</span>', html)
    assert re.search(r'\?status=submitted"[^>]*>Submitted</a> <span[^>]*>2</span>', html)


def test_batch_assignment_hands_comments_to_an_editor_by_a_date(signed_in, world):
    from notifications.models import Notification

    a, b = submitted(world), submitted(world)
    other_editor = UserFactory(roles=["editor"], username="second-editor")
    world.guideline.editors.add(other_editor)
    client = signed_in(world.editor)
    url = f"/guidelines/{world.guideline.pk}/queue/assign/"
    past = client.post(
        url, {"comments": [a.pk, b.pk], "editor": other_editor.pk, "due_at": "2001-01-01T10:00"}
    )
    assert past.status_code == 400 and "has passed" in past.content.decode()
    assert not Comment.objects.filter(assignee=other_editor).exists()
    done = client.post(
        url,
        {"comments": [a.pk, b.pk], "editor": other_editor.pk, "due_at": "2099-01-01T10:00"},
        follow=True,
    )
    assert "2 comments assigned to second-editor." in done.content.decode()
    assert Comment.objects.filter(assignee=other_editor, due_at__year=2099).count() == 2
    assert Notification.objects.filter(recipient=other_editor, verb="comment_assigned").count() == 2


def test_a_batch_assignment_with_a_draft_assigns_nothing_and_names_it(signed_in, world):
    good = submitted(world)
    draft = comment_create(
        user=world.focal,
        consultation=world.consultation,
        type="general",
        body="Still a draft.",
        section=world.scope,
    )
    client = signed_in(world.coordinator)
    refused = client.post(
        f"/guidelines/{world.guideline.pk}/queue/assign/",
        {"comments": [good.pk, draft.pk], "editor": world.editor.pk},
    )
    html = refused.content.decode()
    assert refused.status_code == 400 and "Nothing was saved" in html
    assert f"Comment {draft.pk}" in html
    assert not Comment.objects.exclude(assignee=None).exists()


def test_an_editor_assigns_one_comment_from_its_page(signed_in, world):
    comment = submitted(world)
    client = signed_in(world.editor)
    assert "Not assigned." in client.get(f"/comments/{comment.pk}/").content.decode()
    client.post(f"/comments/{comment.pk}/assign/", {"editor": world.editor.pk})
    comment.refresh_from_db()
    assert comment.assignee == world.editor
    assert "Assigned to" in client.get(f"/comments/{comment.pk}/").content.decode()


def test_two_editors_at_once_the_second_is_told_what_changed(signed_in, world):
    from django.utils import timezone

    comment = submitted(world)
    client = signed_in(world.editor)
    page = client.get(f"/comments/{comment.pk}/").content.decode()
    seen = re.search(r'name="seen" value="([^"]+)"', page).group(1)
    rival = UserFactory(roles=["editor"], username="rival-editor")
    world.guideline.editors.add(rival)
    comment_resolve(comment=comment, user=rival, decision=Decision.NOTED, rationale="Seen first.")
    refused = client.post(
        f"/comments/{comment.pk}/resolve/",
        {"decision": "rejected", "rationale": "Mine.", "reopen": "on", "seen": seen},
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "since you read it" in html and "rival-editor" in html
    comment.refresh_from_db()
    assert comment.decision == "noted"
    # The queue's batch is refused the same way, and nothing of it is saved.
    other = submitted(world)
    loaded = timezone.now()
    comment_resolve(comment=other, user=rival, decision=Decision.NOTED, rationale="Also mine.")
    batch = client.post(
        f"/guidelines/{world.guideline.pk}/queue/resolve/",
        {
            "comments": [other.pk],
            "decision": "rejected",
            "rationale": "x",
            "loaded_at": loaded.isoformat(),
        },
    )
    assert "since you read it" in batch.content.decode()
