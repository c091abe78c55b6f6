"""Forms of the coordinators' and approvers' pages: a stage move, a decision, an export."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrganisationKind, Region, Role, User
from consultation.models import Settlement, Visibility
from reviews.models import ApprovalDecision, ExportFormat


class TransitionForm(forms.Form):
    """A move to another stage, with the reason kept in the transition log."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Kept in the transition log; required to go back to drafting."),
    )


class ApprovalForm(forms.Form):
    """An approver's decision on the guideline in approval."""

    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (ApprovalDecision.APPROVE, _("Approve")),
            (ApprovalDecision.OBJECT, _("Object")),
            (ApprovalDecision.ABSTAIN, _("Abstain")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
        help_text=_("Required when you object: say what the objection is."),
    )


class ExportForm(forms.Form):
    """The file format of a background export of the disposition."""

    format = forms.ChoiceField(
        label=_("Format"), choices=ExportFormat.choices, initial=ExportFormat.XLSX
    )


class ConsultationForm(forms.Form):
    """A consultation on a version of the guideline; times are typed and shown in UTC."""

    title = forms.CharField(label=_("Title"), max_length=300)
    version = forms.ModelChoiceField(label=_("Version consulted"), queryset=None, empty_label=None)
    opens_at = forms.DateTimeField(
        label=_("Opens (UTC)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Date and time in UTC."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes (UTC)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Date and time in UTC."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility of the comments"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
    )
    invited_kinds = forms.MultipleChoiceField(
        label=_("Invited organisation kinds"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    invited_organisations = forms.ModelMultipleChoiceField(
        label=_("Invited organisations (besides the kinds)"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, guideline=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = guideline.versions.order_by("-created_at", "-id")

    def clean(self):
        data = super().clean()
        if not (data.get("invited_kinds") or data.get("invited_organisations")):
            self.add_error("invited_kinds", _("Invite at least one kind or one organisation."))
        return data


class SettleForm(forms.Form):
    """A coordinator's settlement of an organisation's objection to a disposition."""

    outcome = forms.ChoiceField(
        label=_("Settlement"),
        choices=[
            (Settlement.OVERRULED, _("Overrule the objection: the disposition stands")),
            (Settlement.UPHELD, _("Uphold the objection: the editors resolve the comment again")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000
    )


class PersonForm(forms.Form):
    """A person's roles, organisation and focal point, checked by the API's user rules."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("Required for a delegate."),
    )
    is_focal_point = forms.BooleanField(
        label=_("Focal point: submits the organisation's comments"), required=False
    )


class InviteForm(PersonForm):
    """A new person, who sets their own password from the e-mail they receive."""

    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    field_order = ["username", "email", "first_name", "last_name"]


class ReopenForm(forms.Form):
    """Reopen a closed consultation until a new closing time, with the reason told to all."""

    closes_at = forms.DateTimeField(
        label=_("Closes again (UTC)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(
        label=_("Reason (the invited organisations are told)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2_000,
    )


class EditorForm(forms.Form):
    """A person with the editor role to assign to a guideline."""

    editor = forms.ModelChoiceField(
        label=_("Editor"),
        queryset=None,
        empty_label=None,
        help_text=_("People with the editor role who are not yet editors of this guideline."),
    )

    def __init__(self, *args, guideline=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editor"].queryset = (
            User.objects.filter(is_active=True)
            .filter(models.Q(is_editor=True) | models.Q(is_superuser=True))
            .exclude(pk__in=guideline.editors.values("pk"))
            .order_by("last_name", "first_name", "username")
        )
        self.fields["editor"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.username})" if u.get_full_name() else u.username
        )


class OrganisationForm(forms.Form):
    """An organisation's name, kind, country code, region and aliases (the API's rules)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    country = forms.CharField(
        label=_("Country code"),
        max_length=2,
        required=False,
        help_text=_("ISO 3166-1 alpha-2, e.g. KE; required for a member state."),
    )
    region = forms.ChoiceField(
        label=_("ITU region"), choices=[("", "—"), *Region.choices], required=False
    )
    aliases = forms.CharField(
        label=_("Other names"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One a line: acronyms or the standards body that comment files name."),
    )

    def clean_aliases(self):
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]


class FocalPointForm(forms.Form):
    """Which active delegate submits the organisation's comments, or none."""

    focal_point = forms.ModelChoiceField(
        label=_("Focal point"),
        queryset=None,
        required=False,
        empty_label=_("No focal point: every delegate submits"),
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focal_point"].queryset = organisation.members.filter(
            is_delegate=True, is_active=True
        ).order_by("last_name", "first_name", "username")
        self.fields["focal_point"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.username})" if u.get_full_name() else u.username
        )
