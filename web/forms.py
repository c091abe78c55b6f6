"""The web interface's forms: what a person types, validated before a service is called."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationKind
from common.errors import DomainError
from common.i18n import in_language_of
from consultation.models import CommentType, Decision, Response
from notifications.models import EmailPreference

COMMENT_TYPES = [
    (CommentType.GENERAL, _("General (ge)")),
    (CommentType.TECHNICAL, _("Technical (te)")),
    (CommentType.EDITORIAL, _("Editorial (ed)")),
]


def add_service_error(form: forms.Form, error: Exception) -> None:
    """Show a service's refusal on the form: field errors by field, the rest at the top."""
    if isinstance(error, DomainError):
        failures = error.extra.get("failures")
        if failures:  # a batch refused as a whole: each comment at fault, with its reason
            form.add_error(None, error.detail.split(":")[0] + ".")
            for failure in failures:
                form.add_error(None, failure["detail"])
        else:
            form.add_error(None, error.detail)
        return
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return
    form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))


def read_again(form: forms.Form, field: str) -> None:
    """Mark a refused form as read now: the page shows the comments as they are, so acting
    again from it builds on that (the `unchanged_since` precondition of the services)."""
    form.data = form.data.copy()
    form.data[field] = timezone.now().isoformat()


class CommentForm(forms.Form):
    """A comment on a section or a passage of it, in the ISO comment template's terms."""

    type = forms.ChoiceField(
        label=_("Type of comment"), choices=COMMENT_TYPES, widget=forms.RadioSelect
    )
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is wrong or missing, and why."),
        max_length=20_000,
    )
    proposed_change = forms.CharField(
        label=_("Proposed change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("The wording you propose instead."),
        max_length=20_000,
    )
    line = forms.CharField(label=_("Line number"), required=False, max_length=50)
    paragraph = forms.CharField(
        label=_("Paragraph, figure or table"), required=False, max_length=100
    )
    # The passage, built by the page script from the reader's selection (code-point offsets).
    quote = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    prefix = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    suffix = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def anchor(self) -> dict | None:
        """The anchor the service validates, or None for a comment on the whole section."""
        data = self.cleaned_data
        if not data.get("quote"):
            return None
        # A form sends the line ends of its values as "\r\n"; section text keeps "\n" only.
        texts = {
            key: (data.get(key) or "").replace("\r\n", "\n")
            for key in ("quote", "prefix", "suffix")
        }
        return {**texts, "start": data.get("start"), "end": data.get("end")}

    def fields_for_service(self) -> dict:
        """The comment's own fields, as the services name them."""
        return {
            key: self.cleaned_data[key]
            for key in ("type", "body", "proposed_change", "line", "paragraph")
        }


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000
    )


class ResponseForm(forms.Form):
    """The organisation's answer to a disposition."""

    response = forms.ChoiceField(
        label=_("Response"),
        choices=[
            (Response.SATISFIED, _("Satisfied with the disposition")),
            (Response.OBJECTION, _("Objection to the disposition")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20_000
    )


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label=_("E-mail me about notifications"),
        choices=[
            (EmailPreference.IMMEDIATE, _("At once, one e-mail each")),
            (EmailPreference.DAILY, _("Once a day, as a digest")),
            (EmailPreference.OFF, _("Never (the notifications stay here)")),
        ],
        widget=forms.RadioSelect,
    )


class SubmitForm(forms.Form):
    """The drafts the focal point submits, chosen from the list."""

    comments = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), error_messages={"required": _("Choose at least one draft.")}
    )

    def __init__(self, *args, drafts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = [(c.pk, str(c.pk)) for c in drafts]


DECISIONS = [
    (Decision.ACCEPTED, _("Accepted")),
    (Decision.PARTIALLY_ACCEPTED, _("Partially accepted (accepted in principle)")),
    (Decision.REJECTED, _("Rejected (not accepted)")),
    (Decision.NOTED, _("Noted")),
    (Decision.DUPLICATE, _("Duplicate of another comment")),
]
RATIONALE_HELP = _(
    "The observations of the secretariat: why the editors decided so. Required unless accepted."
)


class ResolveForm(forms.Form):
    """The disposition of one comment, as the editors write it."""

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label=_("Rationale"),
        help_text=RATIONALE_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20_000,
    )
    revision = forms.TypedChoiceField(
        label=_("Revision of the section that applied it"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
    )
    duplicate_of = forms.IntegerField(
        label=_("Duplicate of comment (id)"), required=False, min_value=1
    )
    reopen = forms.BooleanField(label=_("Change the disposition already recorded"), required=False)
    # When the editor read the comment: a change by someone else since then is refused.
    seen = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, revisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].choices = [("", _("None"))] + [
            (
                r.revision,
                _("Revision %(n)s: %(reason)s")
                % {"n": r.revision, "reason": r.history_change_reason or "—"},
            )
            for r in revisions
        ]


class BatchResolveForm(forms.Form):
    """One disposition for the comments selected in the queue."""

    comments = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), error_messages={"required": _("Select at least one comment.")}
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label=_("Rationale"),
        help_text=RATIONALE_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
    )
    duplicate_of = forms.IntegerField(
        label=_("Duplicate of comment (id)"), required=False, min_value=1
    )
    # When the queue page was read: comments changed by someone else since then are refused.
    loaded_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = [(pk, str(pk)) for pk in ids]


class SectionForm(forms.Form):
    """A section's heading and body, saved against the revision the editor started from."""

    heading = forms.CharField(label=_("Heading"), max_length=500)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}), strip=False, required=False
    )
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        required=False,
        help_text=_("Kept in the section's history, e.g. “Comment 42 accepted”."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RevertForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    expected_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    change_reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class VersionForm(forms.Form):
    label = forms.CharField(label=_("Name of the version"), max_length=200)


class ListedChoices(forms.models.ModelChoiceIterator):
    """A short list of choices read by one plain query (ModelChoiceIterator's iterator() opens
    a server-side cursor on PostgreSQL: three round trips for a handful of editors)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class AssignForm(forms.Form):
    """Hand comments to an editor of the guideline, optionally by a date."""

    editor = forms.ModelChoiceField(label=_("Editor"), queryset=None, empty_label=_("Choose"))
    due_at = forms.DateTimeField(
        label=_("Due (UTC)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, guideline, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editor"].iterator = ListedChoices
        self.fields["editor"].queryset = guideline.editors.order_by("username")
        self.fields["editor"].label_from_instance = lambda u: u.get_full_name() or u.username


class BatchAssignForm(AssignForm):
    comments = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), error_messages={"required": _("Select at least one comment.")}
    )

    def __init__(self, *args, ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = [(pk, str(pk)) for pk in ids]


class UpdateRequestForm(forms.Form):
    rationale = forms.CharField(
        label=_("Why the guideline needs revising"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
    )


class DecisionReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5_000,
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Comment file"),
        help_text=_(
            "The ISO comment template as .docx, .xlsx, .ods or .csv, as member bodies send it, "
            "or a collated file with the secretariat's observations; nothing is saved until you "
            "confirm the preview."
        ),
    )


class MemberBodiesForm(forms.Form):
    """Which organisation each member body the file names is, when Concord does not know it."""

    def __init__(self, *args, bodies=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [("", _("Do not create")), *OrganisationKind.choices]
        for index, body in enumerate(bodies):
            self.fields[f"body_{index}"] = forms.ModelChoiceField(
                label=body, queryset=organisations, required=False, empty_label=_("Not mapped")
            )
            self.fields[f"create_{index}"] = forms.ChoiceField(
                label=_("Or create %(body)s as a new organisation of kind") % {"body": body},
                choices=kinds,
                required=False,
            )
        self.bodies = list(bodies)

    @property
    def pairs(self) -> list[tuple]:
        """(member body, its mapping field, its creation field), for the template."""
        return [
            (body, self[f"body_{index}"], self[f"create_{index}"])
            for index, body in enumerate(self.bodies)
        ]

    def clean(self):
        for index, body in enumerate(self.bodies):
            if self.cleaned_data.get(f"body_{index}") and self.cleaned_data.get(f"create_{index}"):
                self.add_error(
                    f"create_{index}",
                    _("%(body)s is mapped to an organisation; do not also create it.")
                    % {"body": body},
                )
        return self.cleaned_data

    def mapping(self) -> dict:
        """{member body as written: organisation} for the bodies mapped."""
        return {
            body: self.cleaned_data[f"body_{index}"]
            for index, body in enumerate(self.bodies)
            if self.cleaned_data.get(f"body_{index}")
        }

    def creations(self) -> dict:
        """{member body as written: kind} for the bodies to create as organisations."""
        return {
            body: self.cleaned_data[f"create_{index}"]
            for index, body in enumerate(self.bodies)
            if self.cleaned_data.get(f"create_{index}")
        }


class PasswordResetInTheirLanguage(PasswordResetForm):
    """Django's reset form, each e-mail written in the account holder's language."""

    def send_mail(self, subject_template, email_template, context, *args, **kwargs):
        """Render and send one reset e-mail in the language of the account it is for."""
        with in_language_of(context["user"]):
            super().send_mail(subject_template, email_template, context, *args, **kwargs)
