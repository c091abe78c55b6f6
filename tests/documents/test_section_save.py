"""Saving a section's text: what one save writes, what it costs in queries, what it answers."""

import pytest
from django.db import connection
from django.http import Http404

from consultation.models import Section
from consultation.services.documents import section_create, section_update
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

# PostgreSQL: one statement checks If-Match, writes the row and its history. SQLite: savepoint,
# SELECT (the lock), UPDATE, INSERT history, the anchored-comment check, release.
SAVE_QUERIES = 1 if connection.vendor == "postgresql" else 6
URL = "/api/v1/sections/{}/"


def tracked(row) -> dict:
    return {f.attname: getattr(row, f.attname) for f in Section.history.model.tracked_fields}


@pytest.mark.parametrize(
    ("reason", "stored"), [("Clarify defaults", "Clarify defaults"), ("", None)]
)
def test_save_writes_the_row_and_one_history_row_in_constant_queries(
    section, editor, django_assert_num_queries, django_capture_on_commit_callbacks, reason, stored
):
    before = section.history.count()
    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(SAVE_QUERIES):
        saved = section_update(
            section=section,
            user=editor,
            expected_revision=1,
            heading="Safety first",
            change_reason=reason,
        )
    fresh = Section.objects.get(pk=section.pk)
    assert tracked(saved) == tracked(fresh)
    assert (fresh.revision, fresh.heading, fresh.body) == (2, "Safety first", section.body)
    assert fresh.updated_by == editor
    assert section.history.count() == before + 1
    row = section.history.first()
    assert tracked(row) == tracked(fresh)  # the history row is the row as written
    assert (row.history_type, row.history_user, row.history_change_reason) == ("~", editor, stored)


def test_save_reports_the_number_it_has_now_not_the_one_the_caller_read(guideline, editor):
    read = section_create(guideline=guideline, user=editor, heading="B", body="Text.")
    section_create(guideline=guideline, user=editor, heading="A", order=1)  # "B" becomes 2
    saved = section_update(section=read, user=editor, expected_revision=1, body="New.")
    assert (saved.number, saved.order) == ("2", 2)
    assert saved.history.first().number == "2"


def test_save_of_a_deleted_section_is_404(section, editor):
    stale = Section.objects.get(pk=section.pk)
    Section.objects.filter(pk=section.pk).delete()
    with pytest.raises(Http404):
        section_update(section=stale, user=editor, expected_revision=1, body="Gone.")


def test_reanchoring_runs_only_when_a_comment_anchors_on_the_section(
    section, editor, django_assert_num_queries
):
    CommentFactory(section=section, consultation__version__guideline=section.guideline)
    with django_assert_num_queries(SAVE_QUERIES):  # the write looks once and stops
        section_update(section=section, user=editor, expected_revision=1, body="Second.")

    quote = "Second"
    CommentFactory(
        section=section,
        consultation__version__guideline=section.guideline,
        anchor_quote=quote,
        anchor_start=0,
        anchor_end=len(quote),
        anchor_state="exact",
        current_start=0,
        current_end=len(quote),
        anchored_revision=2,
    )
    section_update(section=section, user=editor, expected_revision=2, body="A " + quote)
    anchored = section.comments.exclude(anchor_quote="").get()
    assert (anchored.anchor_state, anchored.anchored_revision) == ("moved", 3)
    assert anchored.current_start == 2


def test_patch_answers_what_a_get_then_shows_in_constant_queries(
    client_for, editor, section, django_assert_num_queries
):
    client = client_for(editor)
    # the section with its guideline, the editor's assignment to that guideline, the save
    with django_assert_num_queries(2 + SAVE_QUERIES):
        response = client.patch(
            URL.format(section.pk), {"body": "Revised."}, format="json", headers={"If-Match": '"1"'}
        )
    assert response.status_code == 200, response.json()
    shown = client.get(URL.format(section.pk))
    assert response.json() == shown.json()
    assert response["ETag"] == shown["ETag"] == '"2"'
