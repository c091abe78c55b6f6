"""A consultation world for the web interface's tests, built through the factories.

Kenya has a focal point (who submits) and a second delegate (who drafts); Chile is invited
too; the text has accented words and an emoji so that code-point offsets are exercised.
"""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from accounts.models import OrganisationKind
from consultation.models import Visibility
from tests.factories import (
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)

SCOPE = (
    "These guidelines apply to every online service that children are likely to use.\n\n"
    "Services aimed at adults are included when many young users reach them 🙂 in practice."
)
DEFAULTS = (
    "Privacy settings should start at the most protective level. "
    "Children\u2019s data should never be profiled for advertising, même indirectement."
)
REPORTING = "Every service should offer a reporting tool that a child can find and use."


def build_world() -> SimpleNamespace:
    """One open consultation on a three-section guideline, and the people of the journey."""
    guideline = GuidelineFactory(title="Guidelines for industry on child online protection")
    scope = SectionFactory(guideline=guideline, heading="Scope", body=SCOPE)
    defaults = SectionFactory(guideline=guideline, heading="Default settings", body=DEFAULTS)
    reporting = SectionFactory(guideline=guideline, heading="Reporting", body=REPORTING)
    version = VersionFactory(guideline=guideline, label="Draft 2")
    consultation = ConsultationFactory(
        guideline=guideline,
        version=version,
        title="Consultation on Draft 2",
        invited_kinds=[OrganisationKind.MEMBER_STATE],
        visibility=Visibility.PRIVATE,
    )
    kenya = OrganisationFactory(name="Kenya", country="KE")
    chile = OrganisationFactory(name="Chile", country="CL")
    editor = UserFactory(username="editor", roles=["editor"], first_name="Eda", last_name="Editor")
    guideline.editors.add(editor)
    return SimpleNamespace(
        guideline=guideline,
        scope=scope,
        defaults=defaults,
        reporting=reporting,
        version=version,
        consultation=consultation,
        kenya=kenya,
        chile=chile,
        focal=UserFactory(
            username="ke-focal",
            roles=["delegate"],
            organisation=kenya,
            is_focal_point=True,
            first_name="Wanjiru",
            last_name="Kamau",
        ),
        drafter=UserFactory(
            username="ke-drafter",
            roles=["delegate"],
            organisation=kenya,
            first_name="Otieno",
            last_name="Odhiambo",
        ),
        chilean=UserFactory(username="cl-delegate", roles=["delegate"], organisation=chile),
        editor=editor,
        coordinator=UserFactory(username="coordinator", roles=["coordinator"]),
    )


def close(consultation) -> None:
    """Move the consultation's close into the past, as if its window had ended."""
    consultation.opens_at = timezone.now() - dt.timedelta(days=40)
    consultation.closes_at = timezone.now() - dt.timedelta(seconds=1)
    consultation.save()
