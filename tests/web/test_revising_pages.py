"""Revising the text in the browser's pages: the editor, conflicts, history, revert, versions."""

import pytest

from consultation.models import Version
from consultation.services.documents import section_update

pytestmark = pytest.mark.django_db


def edit(client, section, **data):
    form = {"heading": section.heading, "body": section.body, "revision": section.revision}
    form.update(data)
    return client.post(f"/sections/{section.pk}/edit/", form)


def test_an_editor_saves_a_new_revision_with_its_reason(signed_in, world):
    client = signed_in(world.editor)
    response = edit(
        client, world.reporting, body="A reporting tool in every service.", change_reason="Shorter"
    )
    assert response.status_code == 302
    world.reporting.refresh_from_db()
    assert (world.reporting.revision, world.reporting.body) == (
        2,
        "A reporting tool in every service.",
    )
    history = client.get(f"/sections/{world.reporting.pk}/history/").content.decode()
    assert "Shorter" in history and "<ins>" in history


def test_when_someone_saved_first_nothing_typed_is_lost(signed_in, world):
    section = world.reporting
    stale_revision = section.revision
    section_update(
        section=section,
        user=world.coordinator,
        expected_revision=stale_revision,
        body="Their version of the text.",
    )
    client = signed_in(world.editor)
    response = edit(client, section, body="My version of the text.", revision=stale_revision)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Their version of the text." in html  # theirs
    assert "My version of the text.</textarea>" in html  # mine, still in the form
    assert 'name="revision" value="2"' in html  # saving again builds on theirs
    section.refresh_from_db()
    assert section.body == "Their version of the text."
    edit(client, section, body="Merged: theirs and mine.", revision=2)
    section.refresh_from_db()
    assert (section.revision, section.body) == (3, "Merged: theirs and mine.")


def test_revert_goes_through_the_revision_shown(signed_in, world):
    section = world.reporting
    original = section.body
    section_update(section=section, user=world.editor, expected_revision=1, body="Second text.")
    client = signed_in(world.editor)
    stale = client.post(
        f"/sections/{section.pk}/revert/", {"revision": 1, "expected_revision": 1}, follow=True
    )
    assert "Someone saved the section" in stale.content.decode()
    client.post(
        f"/sections/{section.pk}/revert/",
        {"revision": 1, "expected_revision": 2, "change_reason": "Back"},
    )
    section.refresh_from_db()
    assert (section.revision, section.body) == (3, original)


def test_delegates_cannot_open_the_section_editor(signed_in, world):
    assert signed_in(world.focal).get(f"/sections/{world.scope.pk}/edit/").status_code == 404


def test_cut_a_version_and_compare_it_with_the_consulted_one(signed_in, world):
    section_update(
        section=world.scope, user=world.editor, expected_revision=1, body="Scope, rewritten."
    )
    client = signed_in(world.editor)
    client.post(f"/guidelines/{world.guideline.pk}/versions/", {"label": "Draft 3"})
    new = Version.objects.get(label="Draft 3")
    html = client.get(
        f"/guidelines/{world.guideline.pk}/versions/?from={world.version.pk}&to={new.pk}"
    ).content.decode()
    assert "1 changed, 0 added, 0 removed, 2 unchanged sections." in html
    assert "Scope, rewritten." in html


def test_line_ends_typed_in_a_browser_are_stored_as_newlines(signed_in, world):
    client = signed_in(world.editor)
    edit(client, world.reporting, body="First paragraph.\r\n\r\nSecond paragraph.")
    world.reporting.refresh_from_db()
    assert world.reporting.body == "First paragraph.\n\nSecond paragraph."


def test_a_version_comparison_names_the_comments_each_change_answered(signed_in, world):
    from consultation.services.comments import comment_create, comment_submit
    from reviews.services.comments import comment_resolve

    comment = comment_create(
        user=world.focal,
        consultation=world.consultation,
        type="technical",
        body="Shorten it.",
        section=world.reporting,
    )
    comment_submit(user=world.focal, comment=comment)
    section_update(section=world.reporting, user=world.editor, expected_revision=1, body="Shorter.")
    comment_resolve(comment=comment, user=world.editor, decision="accepted", revision=2)
    client = signed_in(world.editor)
    client.post(f"/guidelines/{world.guideline.pk}/versions/", {"label": "Draft 3"})
    new = Version.objects.get(label="Draft 3")
    html = client.get(
        f"/guidelines/{world.guideline.pk}/versions/?from={world.version.pk}&to={new.pk}"
    ).content.decode()
    assert (
        "This change answered:" in html
        and f"#{comment.pk}</a> (<bdi>Kenya</bdi>, Accepted)" in html
    )
