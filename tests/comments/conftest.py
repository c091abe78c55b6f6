"""A consultation world for the comment tests: one guideline, its consulted version, three
organisations (two invited member states, one uninvited civil-society group) and every role."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.models import OrganisationKind
from consultation.models import Visibility
from consultation.services.comments import comment_create, comment_submit
from tests.factories import (
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)

BODY = (
    "Online services used by children should switch on the strongest privacy settings by "
    "default. Families need clear explanations of what data is collected and why."
)
QUOTE = "the strongest privacy settings"


def anchor_for(text: str, quote: str, **extra) -> dict:
    start = text.index(quote)
    return {"quote": quote, "start": start, "end": start + len(quote), **extra}


@pytest.fixture
def world(db):
    guideline = GuidelineFactory()
    section = SectionFactory(guideline=guideline, body=BODY)
    other_section = SectionFactory(
        guideline=guideline, body="Schools should teach pupils how to report harmful contact."
    )
    version = VersionFactory(guideline=guideline)
    kenya = OrganisationFactory(name="Kenya", country="KE")
    chile = OrganisationFactory(name="Chile", country="CL")
    ngo = OrganisationFactory(name="Safe Kids Network", kind=OrganisationKind.CIVIL_SOCIETY)
    consultation = ConsultationFactory(
        version=version,
        guideline=guideline,
        invited_kinds=[OrganisationKind.MEMBER_STATE],
        visibility=Visibility.PRIVATE,
    )
    editor = UserFactory(roles=["editor"])
    guideline.editors.add(editor)
    return SimpleNamespace(
        guideline=guideline,
        section=section,
        other_section=other_section,
        version=version,
        consultation=consultation,
        kenya=kenya,
        chile=chile,
        ngo=ngo,
        kenyan=UserFactory(roles=["delegate"], organisation=kenya),
        kenyan2=UserFactory(roles=["delegate"], organisation=kenya),
        chilean=UserFactory(roles=["delegate"], organisation=chile),
        activist=UserFactory(roles=["delegate"], organisation=ngo),
        editor=editor,
        other_editor=UserFactory(roles=["editor"]),
        coordinator=UserFactory(roles=["coordinator"]),
    )


def close_now(consultation):
    """Move the consultation's planned close into the past (as if time had passed)."""
    consultation.opens_at = timezone.now() - dt.timedelta(days=40)
    consultation.closes_at = timezone.now() - dt.timedelta(seconds=5)
    consultation.save()


@pytest.fixture
def make_comment(world):
    """Draft (and optionally submit) a comment through the services."""

    def make(user=None, *, submit=False, anchor=True, body="Please name who checks the defaults."):
        user = user or world.kenyan
        comment = comment_create(
            user=user,
            consultation=world.consultation,
            type="technical",
            body=body,
            proposed_change="Add that the service provider reviews them every year.",
            section=world.section,
            anchor=anchor_for(BODY, QUOTE) if anchor else None,
        )
        if submit:
            comment = comment_submit(user=user, comment=comment)
        return comment

    return make
