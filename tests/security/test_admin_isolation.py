"""The admin reads comments by the API's rule: no draft of another organisation, on any page.

Each reader signs in through the admin's own login form (a real session) and opens every admin
page that can show comment text: the comment list (filtered, searched, as a lookup popup), each
change page with its replies, each history page and each recorded state, the notifications and
the email outbox. Organisation A also revised a draft before submitting it: that earlier wording
is A's own business and must not show in anyone else's history.
"""

from html import escape

import pytest
from django.test import Client

from consultation.models import Comment
from consultation.services.comments import comment_create, comment_submit, comment_update
from demo.loader import coordinators_group_load
from tests.factories import PASSWORD, UserFactory
from tests.security.world import SECRET_A, SECRET_B, build_world

pytestmark = pytest.mark.django_db

DRAFT = "(draft)"

FORBIDDEN = {
    "coordinator": [DRAFT],
    "superuser": [DRAFT],
    "editor_assigned": [DRAFT],
    "editor_other": [SECRET_A, SECRET_B, DRAFT],
    "delegate_b": [SECRET_A],
}


@pytest.fixture
def world():
    world = build_world()
    world.users["superuser"] = UserFactory(is_superuser=True)
    revised = comment_create(
        user=world.users["focal_point"],
        consultation=world.consultation,
        type="general",
        body=f"{SECRET_A}, first wording {DRAFT}.",
        section=world.section,
    )
    comment_update(
        user=world.users["focal_point"], comment=revised, data={"body": f"{SECRET_A}, revised."}
    )
    world.a_revised = comment_submit(user=world.users["focal_point"], comment=revised)
    group = coordinators_group_load()
    for user in world.users.values():
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        group.user_set.add(user)  # every model permission: only the reading rule stands
    return world


def admin_session(user) -> Client:
    """A browser signed in through /admin/login/ with the user's password."""
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def admin_pages() -> list[str]:
    """Every admin page that can show comment text, for every comment and recorded state."""
    base = "/admin/consultation/comment/"
    pages = [
        base,
        f"{base}?status__exact=draft",
        f"{base}?q=unpublished",
        f"{base}?q=draft",
        f"{base}?_popup=1&_to_field=id",
        "/admin/",
        "/admin/notifications/notification/",
        "/admin/notifications/notification/?q=unpublished",
        "/admin/notifications/emaildelivery/",
    ]
    for comment in Comment.objects.all():
        pages += [f"{base}{comment.pk}/change/", f"{base}{comment.pk}/history/"]
        pages += [
            f"{base}{comment.pk}/history/{record.history_id}/" for record in comment.history.all()
        ]
    return pages


@pytest.mark.parametrize("role", sorted(FORBIDDEN))
def test_no_admin_page_shows_what_the_api_would_not(world, role):
    client = admin_session(world.users[role])
    leaks = []
    for page in admin_pages():
        response = client.get(page, follow=True)
        assert response.status_code in (200, 403, 404), (page, response.status_code)
        text = response.content.decode()
        leaks += [
            f"{page} shows {secret!r}" for secret in FORBIDDEN[role] if escape(secret) in text
        ]
    assert not leaks, leaks


@pytest.mark.parametrize("role", ["coordinator", "superuser", "editor_other"])
def test_another_organisations_draft_is_not_found_in_the_admin(world, role):
    client = admin_session(world.users[role])
    base = "/admin/consultation/comment/"
    for draft in [world.a_draft, world.b_draft]:
        assert client.get(f"{base}{draft.pk}/history/").status_code == 404
        record = draft.history.first()
        assert client.get(f"{base}{draft.pk}/history/{record.history_id}/").status_code == 404
        change = client.get(f"{base}{draft.pk}/change/", follow=True)
        assert "doesn\u2019t exist" in change.content.decode()  # the admin's own message
    draft_state = world.a_revised.history.filter(status="draft").first()
    page = f"{base}{world.a_revised.pk}/history/{draft_state.history_id}/"
    assert client.get(page).status_code == 404


def test_the_coordinator_reads_submitted_comments_and_their_history(world):
    client = admin_session(world.users["coordinator"])
    base = "/admin/consultation/comment/"
    listing = client.get(base).content.decode()
    assert f"{base}{world.b_submitted.pk}/change/" in listing
    assert f"{base}{world.a_draft.pk}/change/" not in listing
    change = client.get(f"{base}{world.a_submitted.pk}/change/").content.decode()
    assert escape(SECRET_A) in change
    assert "Which team do you mean?" in change  # the reply thread
    history = client.get(f"{base}{world.a_revised.pk}/history/").content.decode()
    submitted = world.a_revised.history.get(status="submitted")
    assert f"{base}{world.a_revised.pk}/history/{submitted.history_id}/" in history
    shown = client.get(f"{base}{world.a_revised.pk}/history/{submitted.history_id}/")
    assert escape(f"{SECRET_A}, revised.") in shown.content.decode()


def test_the_authors_organisation_reads_its_own_drafts_and_their_history(world):
    client = admin_session(world.users["delegate_a"])
    base = "/admin/consultation/comment/"
    assert DRAFT in client.get(f"{base}{world.a_draft.pk}/change/").content.decode()
    history = client.get(f"{base}{world.a_revised.pk}/history/").content.decode()
    assert "first wording" in history


def test_staff_read_only_their_own_notifications_unless_coordinator(world):
    others = admin_session(world.users["editor_other"])
    listing = others.get("/admin/notifications/notification/").content.decode()
    assert "Which team do you mean?" not in listing
    assert (
        world.failed_delivery.subject
        not in others.get("/admin/notifications/emaildelivery/").content.decode()
    )
    coordinator = admin_session(world.users["coordinator"])
    listing = coordinator.get("/admin/notifications/notification/").content.decode()
    assert "Which team do you mean?" in listing
