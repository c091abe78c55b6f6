"""Organisations through Django's test client: the list, add, change, focal point, invite."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation, User
from accounts.services import NotADelegate, organisation_focal_point_set
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_kind_code_focal_point_and_delegates(signed_in, world):
    page = signed_in(world.coordinator).get("/organisations/").content.decode()
    row = page.split(f'data-organisation="{world.kenya.pk}"')[1].split("</tr>")[0]
    assert "Member state" in row and ">KE<" in row
    assert "Wanjiru Kamau" in row and '<td class="text-end" data-delegates>2</td>' in row
    chile = page.split(f'data-organisation="{world.chile.pk}"')[1].split("</tr>")[0]
    assert "—" in chile and "data-delegates>1</td>" in chile


def test_a_coordinator_adds_and_changes_an_organisation(signed_in, world):
    client = signed_in(world.coordinator)
    response = client.post(
        "/organisations/new/", {"name": "Ghana", "kind": "member_state", "country": ""}
    )
    assert response.status_code == 400
    assert "A member state needs its ISO 3166-1 alpha-2 code" in response.content.decode()
    response = client.post(
        "/organisations/new/",
        {
            "name": "Ghana",
            "kind": "member_state",
            "country": "GH",
            "region": "africa",
            "aliases": "GSA\n\n Ghana Standards Authority ",
        },
    )
    ghana = Organisation.objects.get(name="Ghana")
    assert response["Location"] == f"/organisations/{ghana.pk}/"
    assert ghana.aliases == ["GSA", "Ghana Standards Authority"]
    response = client.post(
        f"/organisations/{ghana.pk}/",
        {"name": "Kenya", "kind": "member_state", "country": "GH"},
    )
    assert response.status_code == 400 and "already exists" in response.content.decode()
    client.post(
        f"/organisations/{ghana.pk}/",
        {"name": "Republic of Ghana", "kind": "member_state", "country": "GH", "aliases": "GSA"},
    )
    ghana.refresh_from_db()
    assert (ghana.name, ghana.aliases) == ("Republic of Ghana", ["GSA"])


def test_the_focal_point_moves_to_another_delegate_or_to_nobody(signed_in, world):
    client = signed_in(world.coordinator)
    url = f"/organisations/{world.kenya.pk}/focal-point/"
    response = client.post(url, {"focal_point": world.drafter.pk})
    assert response["Location"] == f"/organisations/{world.kenya.pk}/"
    assert list(User.objects.filter(is_focal_point=True)) == [world.drafter]
    page = client.get(response["Location"]).content.decode()
    assert "Otieno Odhiambo is the focal point now." in page
    # Someone of another organisation is no choice.
    response = client.post(url, {"focal_point": world.chilean.pk}, follow=True)
    assert "Select a valid choice" in response.content.decode()
    assert list(User.objects.filter(is_focal_point=True)) == [world.drafter]
    client.post(url, {"focal_point": ""})
    assert not User.objects.filter(is_focal_point=True).exists()


def test_inviting_from_an_organisation_preselects_it(signed_in, world):
    client = signed_in(world.coordinator)
    page = client.get(f"/organisations/{world.kenya.pk}/").content.decode()
    link = f"/people/invite/?organisation={world.kenya.pk}"
    assert f'href="{link}"' in page
    form = client.get(link).content.decode()
    assert f'<option value="{world.kenya.pk}" selected>Kenya</option>' in form
    assert 'value="delegate" id="id_roles_0" checked' in form


def test_only_coordinators_manage_organisations(signed_in, world):
    for person in (world.editor, world.focal, UserFactory(roles=["approver"])):
        client = signed_in(person)
        assert client.get("/organisations/").status_code == 403
        assert client.post("/organisations/new/", {"name": "X", "kind": "youth"}).status_code == 403
        response = client.post(f"/organisations/{world.kenya.pk}/focal-point/", {"focal_point": ""})
        assert response.status_code == 403
    assert User.objects.get(pk=world.focal.pk).is_focal_point


def test_the_service_refuses_a_focal_point_outside_the_organisation(world):
    with pytest.raises(NotADelegate, match="not an active delegate of Kenya"):
        organisation_focal_point_set(
            actor=world.coordinator, organisation=world.kenya, person=world.chilean
        )
    assert User.objects.get(pk=world.focal.pk).is_focal_point


def test_the_list_and_the_editors_page_make_a_constant_number_of_queries(signed_in, world):
    client = signed_in(world.coordinator)
    pages = ["/organisations/", f"/guidelines/{world.guideline.pk}/editors/"]
    with CaptureQueriesContext(connection) as few:
        for page in pages:
            assert client.get(page).status_code == 200
    for n in range(4):
        organisation = OrganisationFactory(name=f"Another {n}")
        UserFactory(roles=["delegate"], organisation=organisation, is_focal_point=True)
        world.guideline.editors.add(UserFactory(roles=["editor"]))
    with CaptureQueriesContext(connection) as many:
        for page in pages:
            assert client.get(page).status_code == 200
    assert len(many) == len(few)
