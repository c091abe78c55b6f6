"""Organisations (member states and other stakeholders) and users with their roles."""

import pycountry
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords


class OrganisationKind(models.TextChoices):
    MEMBER_STATE = "member_state", gettext_lazy("Member state")
    SECTOR_MEMBER = "sector_member", gettext_lazy("Sector member (industry)")
    ACADEMIA = "academia", gettext_lazy("Academia")
    CIVIL_SOCIETY = "civil_society", gettext_lazy("Civil society")
    YOUTH = "youth", gettext_lazy("Youth")
    SECRETARIAT = "secretariat", gettext_lazy("Secretariat")


class Region(models.TextChoices):
    """The ITU's administrative regions."""

    AFRICA = "africa", gettext_lazy("Africa")
    AMERICAS = "americas", gettext_lazy("Americas")
    ARAB_STATES = "arab_states", gettext_lazy("Arab States")
    ASIA_PACIFIC = "asia_pacific", gettext_lazy("Asia and the Pacific")
    CIS = "cis", gettext_lazy("Commonwealth of Independent States")
    EUROPE = "europe", gettext_lazy("Europe")


def validate_country(value: str) -> None:
    """Accept only ISO 3166-1 alpha-2 codes, in upper case."""
    if value and (value != value.upper() or pycountry.countries.get(alpha_2=value) is None):
        raise ValidationError(
            _("%(value)s is not an ISO 3166-1 alpha-2 country code (e.g. 'KE').")
            % {"value": repr(value)}
        )


class Organisation(models.Model):
    """A member state or another stakeholder that takes part in consultations."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, db_index=True)
    country = models.CharField(max_length=2, blank=True, validators=[validate_country])
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    # Other names a comment file may give it: acronyms ("AFNOR"), its standards body, a former
    # name. Kept by coordinators; the comment import matches them like the name.
    aliases = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="member_state") | ~models.Q(country=""),
                name="member_state_has_country",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == OrganisationKind.MEMBER_STATE and not self.country:
            raise ValidationError(
                {"country": _("A member state needs its ISO 3166-1 country code.")}
            )


class Role(models.TextChoices):
    DELEGATE = "delegate", gettext_lazy("Delegate")
    EDITOR = "editor", gettext_lazy("Editor")
    COORDINATOR = "coordinator", gettext_lazy("Coordinator")
    APPROVER = "approver", gettext_lazy("Approver")


class User(AbstractUser):
    """A person; roles are flags so that "every coordinator" is one indexed query."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    is_delegate = models.BooleanField(default=False)
    is_editor = models.BooleanField(default=False)
    is_coordinator = models.BooleanField(default=False)
    is_approver = models.BooleanField(default=False)
    is_focal_point = models.BooleanField(
        default=False, help_text="Submits the organisation's consolidated position."
    )

    language = models.CharField(
        max_length=10,
        blank=True,
        default="",
        choices=settings.LANGUAGES,
        help_text=gettext_lazy(
            "The interface's and e-mails' language; empty: the browser's (Accept-Language)."
        ),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_delegate=False) | models.Q(organisation__isnull=False),
                name="delegate_has_organisation",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_focal_point=True),
                name="one_focal_point_per_organisation",
            ),
        ]

    @property
    def roles(self) -> list[str]:
        """The user's roles in the API's words; a superuser holds every role."""
        if self.is_superuser:
            return list(Role.values)
        return [role for role in Role.values if getattr(self, f"is_{role}")]

    def has_role(self, role: str) -> bool:
        """True when the user holds the role (superusers hold all)."""
        return bool(self.is_superuser or getattr(self, f"is_{role}", False))
