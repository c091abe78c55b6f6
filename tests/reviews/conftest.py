"""A review world: one guideline with its editor, a consulted version, three organisations
with delegates, and the services that put comments and stages where a test needs them."""

from types import SimpleNamespace

import pytest

from accounts.models import OrganisationKind
from consultation.models import Comment, Visibility
from consultation.services.comments import comment_create, comment_submit
from consultation.services.consultations import consultation_close
from reviews import services
from tests.factories import (
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)

SECTION_BODY = (
    "Platforms that children use should switch on the most protective privacy settings by "
    "default and explain them in words a ten-year-old understands."
)


@pytest.fixture
def world(db):
    guideline = GuidelineFactory(required_approvals=2)
    section = SectionFactory(guideline=guideline, body=SECTION_BODY)
    version = VersionFactory(guideline=guideline)
    kenya = OrganisationFactory(name="Kenya", country="KE")
    chile = OrganisationFactory(name="Chile", country="CL")
    ngo = OrganisationFactory(name="Safe Kids Network", kind=OrganisationKind.CIVIL_SOCIETY)
    consultation = ConsultationFactory(
        version=version, guideline=guideline, visibility=Visibility.PRIVATE
    )
    editor = UserFactory(roles=["editor"])
    guideline.editors.add(editor)
    return SimpleNamespace(
        guideline=guideline,
        section=section,
        version=version,
        consultation=consultation,
        kenya=kenya,
        chile=chile,
        ngo=ngo,
        kenyan=UserFactory(roles=["delegate"], organisation=kenya),
        chilean=UserFactory(roles=["delegate"], organisation=chile),
        activist=UserFactory(roles=["delegate"], organisation=ngo),
        editor=editor,
        other_editor=UserFactory(roles=["editor"]),
        coordinator=UserFactory(roles=["coordinator"]),
        approvers=[UserFactory(roles=["approver"]) for _ in range(3)],
    )


@pytest.fixture
def submit(world):
    """Draft and submit a comment through the consultation services."""

    def make(user=None, body="Say who reviews the default settings and how often.", **kw):
        user = user or world.kenyan
        comment = comment_create(
            user=user,
            consultation=kw.pop("consultation", world.consultation),
            type=kw.pop("type", "technical"),
            body=body,
            proposed_change="Add that the provider reviews them every year.",
            section=kw.pop("section", world.section),
        )
        return comment_submit(user=user, comment=comment)

    return make


def close(world, consultation=None):
    """The coordinator closes the consultation early (now)."""
    consultation_close(user=world.coordinator, consultation=consultation or world.consultation)


def resolve(world, comment: Comment, decision="noted", rationale="Taken into account.", **kw):
    return services.comment_resolve(
        comment=comment, user=world.editor, decision=decision, rationale=rationale, **kw
    )


def move(world, *stages, reason="Next step."):
    """Walk the guideline through the given stages as the coordinator."""
    for stage in stages:
        services.guideline_transition(
            guideline=world.guideline, to=stage, user=world.coordinator, reason=reason
        )
    world.guideline.refresh_from_db()
