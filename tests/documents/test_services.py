"""The section services: numbering, revisions with one history row each, moves and deletes."""

import pytest
from django.core.exceptions import ValidationError

from common.errors import SectionHasChildren, StaleRevision
from consultation.models import Section
from consultation.services.documents import (
    section_create,
    section_delete,
    section_move,
    section_revert,
    section_update,
    version_freeze,
)

pytestmark = pytest.mark.django_db


def numbers(guideline):
    return list(
        Section.objects.filter(guideline=guideline)
        .order_by("sort_key")
        .values_list("heading", "number")
    )


def test_tree_numbers_follow_inserts_and_moves(guideline, editor):
    a = section_create(guideline=guideline, user=editor, heading="A")
    b = section_create(guideline=guideline, user=editor, heading="B")
    b1 = section_create(guideline=guideline, user=editor, heading="B1", parent=b)
    section_create(guideline=guideline, user=editor, heading="B0", parent=b, order=1)
    section_create(guideline=guideline, user=editor, heading="Intro", order=1)
    assert numbers(guideline) == [
        ("Intro", "1"),
        ("A", "2"),
        ("B", "3"),
        ("B0", "3.1"),
        ("B1", "3.2"),
    ]
    section_move(section=b1, user=editor, expected_revision=1, parent=a)
    a.refresh_from_db()
    assert numbers(guideline) == [
        ("Intro", "1"),
        ("A", "2"),
        ("B1", "2.1"),
        ("B", "3"),
        ("B0", "3.1"),
    ]
    b1.refresh_from_db()
    assert b1.revision == 2
    assert b1.history.first().number == "2.1"  # the history row shows where it landed
    section_move(section=b, user=editor, expected_revision=1, order=1)
    assert [n for _, n in numbers(guideline)] == ["1", "1.1", "2", "3", "3.1"]
    assert numbers(guideline)[0] == ("B", "1")


def test_cannot_move_under_own_subtree(guideline, editor):
    a = section_create(guideline=guideline, user=editor, heading="A")
    a1 = section_create(guideline=guideline, user=editor, heading="A1", parent=a)
    with pytest.raises(ValidationError):
        section_move(section=a, user=editor, expected_revision=1, parent=a1)
    a.refresh_from_db()
    assert a.revision == 1 and a.parent is None


def test_update_makes_one_history_row_with_author_and_reason(section, editor):
    before = section.history.count()
    section_update(
        section=section,
        user=editor,
        expected_revision=1,
        body="New text.",
        change_reason="Clarify defaults",
    )
    section.refresh_from_db()
    assert section.revision == 2
    assert section.history.count() == before + 1
    row = section.history.first()
    assert (row.revision, row.body, row.history_user, row.history_change_reason) == (
        2,
        "New text.",
        editor,
        "Clarify defaults",
    )
    with pytest.raises(StaleRevision):
        section_update(section=section, user=editor, expected_revision=1, body="Lost update")
    section.refresh_from_db()
    assert section.body == "New text." and section.history.count() == before + 1


def test_delete_with_children_is_refused(guideline, editor):
    a = section_create(guideline=guideline, user=editor, heading="A")
    section_create(guideline=guideline, user=editor, heading="A1", parent=a)
    with pytest.raises(SectionHasChildren):
        section_delete(section=a, user=editor)
    b = section_create(guideline=guideline, user=editor, heading="B")
    section_delete(section=a.children.get(), user=editor, change_reason="Merged into A")
    section_delete(section=a, user=editor)
    b.refresh_from_db()
    assert b.number == "1"


def test_revert_and_freeze(section, editor):
    original = section.body
    section_update(section=section, user=editor, expected_revision=1, body="Second draft.")
    version = version_freeze(guideline=section.guideline, label="Draft 1", user=editor)
    section_revert(section=section, user=editor, revision=1)
    section.refresh_from_db()
    assert (section.revision, section.body) == (3, original)
    assert section.history.first().history_change_reason == "Reverted to revision 1"
    frozen = version.sections.get()
    assert (frozen.revision, frozen.body) == (2, "Second draft.")


def test_same_parent_without_order_keeps_the_place(guideline, editor):
    a = section_create(guideline=guideline, user=editor, heading="A")
    section_create(guideline=guideline, user=editor, heading="B")
    section_move(section=a, user=editor, expected_revision=1, parent=None)
    assert numbers(guideline) == [("A", "1"), ("B", "2")]
    section_move(section=a, user=editor, expected_revision=2, order=99)  # clamps to the end
    assert numbers(guideline) == [("B", "1"), ("A", "2")]


def test_section_text_at_reads_any_revision(section, editor):
    from consultation.selectors.documents import section_text_at

    first = section.body
    section_update(section=section, user=editor, expected_revision=1, body="Second.")
    assert section_text_at(section.pk, 1) == first
    assert section_text_at(section.pk, 2) == "Second."
    with pytest.raises(ValidationError):
        section_text_at(section.pk, 3)
