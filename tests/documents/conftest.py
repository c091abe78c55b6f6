"""Fixtures of the documents tests: a guideline with an assigned editor, built by the services."""

import pytest

from consultation.services.documents import guideline_create, section_create
from tests.factories import UserFactory


@pytest.fixture
def guideline(coordinator, editor):
    """A guideline for industry with `editor` assigned and no sections."""
    return guideline_create(
        user=coordinator,
        slug="cop-industry",
        title="Child Online Protection: guidance for industry",
        audience="industry",
        editors=[editor],
    )


@pytest.fixture
def other_editor(db):
    """An editor who is not assigned to `guideline`."""
    return UserFactory(roles=["editor"])


@pytest.fixture
def section(guideline, editor):
    """A top-level section created by the assigned editor (revision 1)."""
    return section_create(
        guideline=guideline,
        user=editor,
        heading="Safety by design",
        body="Products used by children should start from the most protective settings.",
    )
