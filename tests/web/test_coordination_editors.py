"""Assigning editors to a guideline through Django's test client and the service."""

import pytest
from django.core.exceptions import ValidationError

from consultation.errors import Forbidden
from consultation.services.comments import comment_create, comment_submit
from consultation.services.guidelines import guideline_editor_add
from reviews.services.assignments import comments_assign
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def editors_url(world):
    return f"/guidelines/{world.guideline.pk}/editors/"


def test_a_coordinator_assigns_an_editor_who_may_then_edit(signed_in, world):
    newcomer = UserFactory(username="ed-two", roles=["editor"], first_name="Noor")
    client = signed_in(world.coordinator)
    dashboard = client.get(f"/guidelines/{world.guideline.pk}/dashboard/").content.decode()
    assert f'href="{editors_url(world)}"' in dashboard
    page = client.get(editors_url(world)).content.decode()
    assert f'data-editor="{world.editor.pk}"' in page
    assert f'<option value="{newcomer.pk}">Noor (ed-two)</option>' in page
    assert f'value="{world.editor.pk}"' not in page.split('id="id_editor"')[1]
    response = client.post(editors_url(world), {"editor": newcomer.pk})
    assert response["Location"] == editors_url(world)
    assert set(world.guideline.editors.all()) == {world.editor, newcomer}
    assert "Noor now edits this guideline." in client.get(editors_url(world)).content.decode()
    history = world.guideline.history.first()
    assert history.history_change_reason == "Editor ed-two assigned"
    assert history.history_user == world.coordinator
    assert signed_in(newcomer).get(f"/sections/{world.scope.pk}/edit/").status_code == 200


def test_removing_an_editor_keeps_their_open_assignments_to_reassign(signed_in, world):
    comment = comment_create(
        user=world.focal,
        consultation=world.consultation,
        type="general",
        body="Name the age groups.",
        section=world.scope,
    )
    comment_submit(user=world.focal, comment=comment)
    comments_assign(comment_ids=[comment.pk], user=world.coordinator, editor=world.editor)
    client = signed_in(world.coordinator)
    page = client.get(editors_url(world)).content.decode()
    row = page.split(f'data-editor="{world.editor.pk}"')[1].split("</tr>")[0]
    assert f"assignee={world.editor.pk}" in row and ">1</a>" in row
    response = client.post(f"{editors_url(world)}{world.editor.pk}/remove/")
    assert response["Location"] == editors_url(world)
    assert not world.guideline.editors.exists()
    comment.refresh_from_db()
    assert comment.assignee == world.editor
    page = client.get(editors_url(world)).content.decode()
    assert "Eda Editor no longer edits this guideline." in page
    assert "No editor is assigned yet." in page


def test_only_coordinators_assign_editors_and_only_to_editors(signed_in, world):
    delegate_editor = world.focal
    for person in (world.editor, world.focal):
        assert signed_in(person).get(editors_url(world)).status_code == 403
        response = signed_in(person).post(editors_url(world), {"editor": world.editor.pk})
        assert response.status_code == 403
    with pytest.raises(Forbidden):
        guideline_editor_add(guideline=world.guideline, editor=world.editor, user=world.editor)
    with pytest.raises(ValidationError) as refused:
        guideline_editor_add(
            guideline=world.guideline, editor=delegate_editor, user=world.coordinator
        )
    assert "Only users with the editor role" in str(refused.value)
    response = signed_in(world.coordinator).post(editors_url(world), {"editor": world.focal.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert list(world.guideline.editors.all()) == [world.editor]
