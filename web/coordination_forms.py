"""Forms of the coordinators' and approvers' pages: a stage move, a decision, an export."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
