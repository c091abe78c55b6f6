"""The one visibility selector, checked directly on the database (the API tests repeat it)."""

import datetime as dt

import pytest
from django.utils import timezone

from consultation.models import CommentStatus, Visibility
from consultation.selectors.comments import comments_visible_to
from tests.factories import (
    CommentFactory,
    ConsultationFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own, other = OrganisationFactory(), OrganisationFactory()
    section = SectionFactory()
    consultation = ConsultationFactory(version__guideline=section.guideline)
    return {
        "own": own,
        "other": other,
        "consultation": consultation,
        "delegate": UserFactory(roles=["delegate"], organisation=own),
        "stranger": UserFactory(roles=["delegate"], organisation=other),
        "editor": UserFactory(roles=["editor"]),
        "other_editor": UserFactory(roles=["editor"]),
        "coordinator": UserFactory(roles=["coordinator"]),
    }


@pytest.mark.parametrize(
    ("reader", "visibility", "closed", "status", "visible"),
    [
        ("delegate", "private", False, "draft", True),
        ("stranger", "private", False, "draft", False),
        ("editor", "private", False, "draft", False),
        ("coordinator", "private", False, "draft", False),
        ("stranger", "private", False, "submitted", False),
        ("stranger", "private", True, "submitted", False),
        ("stranger", "public", False, "submitted", False),
        ("stranger", "public", True, "submitted", True),
        ("stranger", "public", True, "draft", False),
        ("editor", "private", True, "submitted", True),
        ("other_editor", "private", True, "submitted", False),
        ("coordinator", "private", False, "submitted", True),
        ("coordinator", "private", False, "withdrawn", True),
    ],
)
def test_visibility_rule(world, reader, visibility, closed, status, visible):
    consultation = world["consultation"]
    consultation.visibility = Visibility(visibility)
    if closed:
        consultation.closed_early_at = timezone.now() - dt.timedelta(minutes=1)
    consultation.save()
    consultation.guideline.editors.add(world["editor"])
    comment = CommentFactory(
        consultation=consultation, organisation=world["own"], status=CommentStatus(status)
    )
    assert comments_visible_to(world[reader]).filter(pk=comment.pk).exists() is visible
