"""The queue's "select all N matching": every comment the filters match, on every page, acted on
in one all-or-nothing batch through the same services, up to the batch limit."""

import re

import pytest

from consultation.models import Comment, Decision
from reviews.services import comments as review_services
from reviews.services.comments import comment_resolve

from .test_editor_pages import ids_on, queue_url, submitted

pytestmark = pytest.mark.django_db


def kept_on(html: str) -> set[int]:
    found = re.search(r'name="kept" value="([\d ]*)"', html)
    return {int(n) for n in found.group(1).split()} if found else set()


def selected_on(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'value="(\d+)" id="pick-\d+" checked', html)} | kept_on(
        html
    )


def test_the_queue_offers_every_matching_comment_and_selects_them_on_every_page(signed_in, world):
    comments = [submitted(world, body=f"Comment {n} about the scope.") for n in range(55)]
    resolved = comments[0]
    comment_resolve(comment=resolved, user=world.editor, decision=Decision.NOTED, rationale="Ok.")
    client = signed_in(world.editor)

    page = client.get(queue_url(world, "?resolved=false")).content.decode()
    assert "Select all 54 comments matching these filters" in page
    assert 'href="?resolved=false&amp;select=all"' in page

    selected = client.get(queue_url(world, "?resolved=false&select=all")).content.decode()
    assert "All 54 comments matching these filters are selected" in selected
    assert selected_on(selected) == {c.pk for c in comments[1:]}
    assert len(ids_on(selected)) == 50  # the page itself still shows one page

    # A filter link starts a new selection.
    assert 'href="?resolved=false&amp;select=all&amp;type=ed"' not in selected


def test_a_batch_on_every_matching_comment_applies_to_all_of_them(signed_in, world):
    comments = [submitted(world, body=f"Comment {n} about the scope.") for n in range(55)]
    client = signed_in(world.editor)
    page = client.get(queue_url(world, "?select=all")).content.decode()
    loaded_at = re.search(r'name="loaded_at" value="([^"]+)"', page).group(1)

    done = client.post(
        f"/guidelines/{world.guideline.pk}/queue/resolve/?select=all",
        {
            "comments": ids_on(page),
            "kept": " ".join(str(pk) for pk in kept_on(page)),
            "decision": "noted",
            "rationale": "Taken into account in the next draft.",
            "loaded_at": loaded_at,
        },
        follow=True,
    )

    assert "Applied to 55 of 55 comments." in done.content.decode()
    assert done.redirect_chain[-1][0].endswith("/queue/")  # the selection is not carried on
    assert set(Comment.objects.values_list("decision", flat=True)) == {"noted"}
    assert {c.pk for c in comments} == set(Comment.objects.values_list("pk", flat=True))


def test_one_comment_changed_since_the_page_was_read_refuses_the_whole_set(signed_in, world):
    comments = [submitted(world, body=f"Comment {n} about the scope.") for n in range(55)]
    client = signed_in(world.editor)
    page = client.get(queue_url(world, "?select=all")).content.decode()
    loaded_at = re.search(r'name="loaded_at" value="([^"]+)"', page).group(1)
    changed = comments[0]  # the oldest: on the second page, selected only through "all"
    assert changed.pk in kept_on(page)
    review_services.comment_assign(comment=changed, editor=world.editor, user=world.editor)

    refused = client.post(
        f"/guidelines/{world.guideline.pk}/queue/resolve/?select=all",
        {
            "comments": ids_on(page),
            "kept": " ".join(str(pk) for pk in kept_on(page)),
            "decision": "noted",
            "rationale": "Taken into account.",
            "loaded_at": loaded_at,
        },
    )

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "1 of the 55 comments cannot be resolved, so none was." in html
    assert f"Comment {changed.pk} was changed by editor at" in html
    assert "your selection is kept" in html
    assert selected_on(html) == {c.pk for c in comments}
    assert not Comment.objects.exclude(decision="").exists()
    # The page was read again: acting from it now goes through.
    again = re.search(r'name="loaded_at" value="([^"]+)"', html).group(1)
    assert again > loaded_at


def test_more_matching_comments_than_a_batch_takes_are_not_selected(signed_in, world, monkeypatch):
    from web.views import queue

    monkeypatch.setattr(queue, "MAX_BATCH", 52)
    for n in range(55):
        submitted(world, body=f"Comment {n} about the scope.")
    client = signed_in(world.editor)

    page = client.get(queue_url(world)).content.decode()
    assert "More than 52 comments match these filters" in page
    assert "select=all" not in page

    refused = client.get(queue_url(world, "?select=all")).content.decode()
    assert "nothing was selected. Narrow the filters" in refused
    assert selected_on(refused) == set()


def test_a_single_page_needs_no_offer(signed_in, world):
    submitted(world)
    page = signed_in(world.editor).get(queue_url(world)).content.decode()
    assert "matching these filters" not in page
