"""People through Django's test client: invite by e-mail, roles and focal point, deactivate,
unlock."""

import re

import pytest
from django.test import Client

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def invite(world, **changes):
    data = {
        "username": "ke-third",
        "email": "ke-third@example.org",
        "first_name": "Amina",
        "last_name": "Njeri",
        "roles": ["delegate"],
        "organisation": world.kenya.pk,
    }
    data.update(changes)
    return data


def test_a_coordinator_invites_a_person_who_sets_their_password(signed_in, world, mailoutbox):
    client = signed_in(world.coordinator)
    response = client.post("/people/invite/", invite(world))
    person = User.objects.get(username="ke-third")
    assert response["Location"] == f"/people/{person.pk}/"
    assert person.is_delegate and person.organisation == world.kenya
    assert not person.has_usable_password()
    assert [m.to for m in mailoutbox] == [["ke-third@example.org"]]
    link = re.search(r"/password/reset/\S+/\S+/", mailoutbox[0].body).group(0)
    visitor = Client()
    form = visitor.get(link, follow=True)
    response = visitor.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"},
    )
    assert response.status_code == 302
    signed = Client().post("/login/", {"username": "ke-third", "password": "a-long-new-passphrase"})
    assert signed.status_code == 302


def test_the_api_rules_apply_to_an_invitation(signed_in, world, mailoutbox):
    client = signed_in(world.coordinator)
    response = client.post("/people/invite/", invite(world, organisation=""))
    assert response.status_code == 400
    assert "A delegate speaks for exactly one organisation" in response.content.decode()
    response = client.post("/people/invite/", invite(world, is_focal_point="on"))
    assert "This organisation already has a focal point." in response.content.decode()
    assert not User.objects.filter(username="ke-third").exists() and not mailoutbox


def test_roles_and_the_focal_point_change(signed_in, world):
    client = signed_in(world.coordinator)
    url = f"/people/{world.focal.pk}/"
    client.post(url, {"roles": ["delegate"], "organisation": world.kenya.pk})
    response = client.post(
        f"/people/{world.drafter.pk}/",
        {"roles": ["delegate", "approver"], "organisation": world.kenya.pk, "is_focal_point": "on"},
    )
    assert response.status_code == 302
    world.drafter.refresh_from_db()
    world.focal.refresh_from_db()
    assert world.drafter.is_focal_point and world.drafter.is_approver
    assert not world.focal.is_focal_point


def test_deactivate_and_unlock(signed_in, world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        Client().post("/login/", {"username": "cl-delegate", "password": "wrong"})
    assert (
        Client().post("/login/", {"username": "cl-delegate", "password": PASSWORD}).status_code
        != 302
    )
    client = signed_in(world.coordinator)
    assert "Locked out" in client.get("/people/").content.decode()
    page = client.get(f"/people/{world.chilean.pk}/").content.decode()
    assert "Unlock the account" in page
    client.post(f"/people/{world.chilean.pk}/unlock/")
    response = Client().post("/login/", {"username": "cl-delegate", "password": PASSWORD})
    assert response.status_code == 302
    client.post(f"/people/{world.chilean.pk}/deactivate/")
    world.chilean.refresh_from_db()
    assert not world.chilean.is_active
    assert "Inactive" in client.get("/people/").content.decode()


def test_only_coordinators_manage_people(signed_in, world):
    client = signed_in(world.editor)
    assert client.get("/people/").status_code == 403
    assert client.post(f"/people/{world.chilean.pk}/deactivate/").status_code == 403
    world.chilean.refresh_from_db()
    assert world.chilean.is_active


def test_the_people_page_in_french_shows_role_labels_not_codes(signed_in, world, catalogs):
    catalogs({"fr": {"Coordinator": "Coordinateur", "Delegate": "Délégué"}})
    world.coordinator.language = "fr"
    world.coordinator.save(update_fields=["language"])
    html = signed_in(world.coordinator).get("/people/").content.decode()
    row = re.search(rf'data-person="{world.coordinator.pk}".*?</tr>', html, re.S).group(0)
    assert "<li>Coordinateur</li>" in row and "<li>coordinator</li>" not in row
    assert "<li>Délégué</li>" in html and "delegate, " not in html


def test_the_last_coordinator_cannot_give_up_the_role_on_the_page(signed_in, world):
    for other in User.objects.filter(is_coordinator=True).exclude(pk=world.coordinator.pk):
        other.is_coordinator = False
        other.save()
    client = signed_in(world.coordinator)
    response = client.post(f"/people/{world.coordinator.pk}/", {"roles": ["editor"]})
    assert response.status_code == 400
    assert "You are the last active coordinator" in response.content.decode()
    world.coordinator.refresh_from_db()
    assert world.coordinator.is_coordinator
