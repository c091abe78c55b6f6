"""factory_boy factories for the domain; tests set up state through these and the services."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Region, User
from consultation.models import (
    Audience,
    Comment,
    CommentStatus,
    CommentType,
    Consultation,
    Guideline,
    Section,
    Version,
    VersionSection,
    Visibility,
)

PASSWORD = "concord-test-pass-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Republic of Testland {n}")
    kind = OrganisationKind.MEMBER_STATE
    country = "KE"
    region = Region.AFRICA


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass roles=["editor", ...] to grant roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        roles = ()

    is_delegate = factory.LazyAttribute(lambda u: "delegate" in u.roles)
    is_editor = factory.LazyAttribute(lambda u: "editor" in u.roles)
    is_coordinator = factory.LazyAttribute(lambda u: "coordinator" in u.roles)
    is_approver = factory.LazyAttribute(lambda u: "approver" in u.roles)
    organisation = factory.Maybe(
        "is_delegate", yes_declaration=factory.SubFactory(OrganisationFactory)
    )

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class GuidelineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guideline

    slug = factory.Sequence(lambda n: f"cop-guideline-{n}")
    title = factory.Sequence(lambda n: f"Child Online Protection guideline {n}")
    audience = Audience.INDUSTRY
    required_approvals = 2


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    guideline = factory.SubFactory(GuidelineFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda s: str(s.order))
    sort_key = factory.LazyAttribute(lambda s: f"{s.order:04d}")
    heading = factory.Sequence(lambda n: f"Heading {n}")
    body = (
        "Services used by children should set the most protective options by default. "
        "Age-appropriate design starts with an honest assessment of the risks a product poses."
    )


class VersionFactory(factory.django.DjangoModelFactory):
    """A version freezing every current section of the guideline, as the service does."""

    class Meta:
        model = Version
        skip_postgeneration_save = True

    guideline = factory.SubFactory(GuidelineFactory)
    label = factory.Sequence(lambda n: f"Draft {n}")

    @factory.post_generation
    def freeze(obj, create, extracted, **kwargs):
        if not create:
            return
        for position, section in enumerate(obj.guideline.sections.order_by("sort_key")):
            VersionSection.objects.create(
                version=obj,
                section=section,
                section_key=section.pk,
                parent_key=section.parent_id,
                position=position,
                revision=section.revision,
                number=section.number,
                heading=section.heading,
                body=section.body,
            )


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open consultation (opened yesterday, closing in 30 days) on a fresh version."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    version = factory.SubFactory(VersionFactory)
    guideline = factory.SelfAttribute("version.guideline")
    title = factory.Sequence(lambda n: f"Consultation {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    visibility = Visibility.PRIVATE
    invited_kinds = factory.LazyFunction(lambda: [k for k in OrganisationKind.values])


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    section = factory.LazyAttribute(lambda c: c.consultation.guideline.sections.first())
    organisation = factory.SubFactory(OrganisationFactory)
    author = None
    type = CommentType.TECHNICAL
    body = "The section should say who is responsible for reviewing age-assurance results."
    proposed_change = "Add a sentence naming the accountable team."
    status = CommentStatus.DRAFT
