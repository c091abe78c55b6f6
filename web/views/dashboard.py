"""The coordinators' dashboard: every guideline at a glance, then one guideline or consultation.

The numbers are the API dashboard's (reviews.dashboard.selectors.dashboard_summary, one
query); the page adds the names it shows in a constant number of queries more.
"""

from collections import defaultdict
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Organisation, OrganisationKind, User
from common.errors import DomainError
from consultation.models import (
    CommentStatus,
    CommentType,
    Consultation,
    Decision,
    Guideline,
    Stage,
)
from consultation.rules import as_actor, consultation_allowed_actions, coordinator_refusal
from consultation.services.silent_reminders import organisation_remind, remind_refusal
from reviews.dashboard.selectors import UNRESOLVED, dashboard_summary
from reviews.views.dashboard import IsCoordinatorOrEditor

from ..coverage import coverage_body

GROUPS = [
    ("by_status", "status", gettext_lazy("Comments by status"), CommentStatus.choices),
    ("by_type", "type", gettext_lazy("Submitted comments by type"), CommentType.choices),
    (
        "by_decision",
        "decision",
        gettext_lazy("Submitted comments by decision"),
        [*Decision.choices, (UNRESOLVED, gettext_lazy("Not resolved"))],
    ),
    (
        "by_organisation_kind",
        "organisation_kind",
        gettext_lazy("Submitted comments by organisation kind"),
        OrganisationKind.choices,
    ),
]
KIND_LABELS = dict(OrganisationKind.choices)


def _allowed(request) -> None:
    """The API dashboard's rule: coordinators and editors."""
    if not IsCoordinatorOrEditor().has_permission(request, None):
        raise PermissionDenied(_("Only coordinators and editors may see the dashboard."))


def queue_links(guideline_id: int, consultation_id: int | None = None) -> Callable[..., str]:
    """queue_url for one guideline (and consultation), its path reversed once for many links."""
    path = reverse("web:queue", args=[guideline_id])
    scope = {} if consultation_id is None else {"consultation": consultation_id}

    def link(**params) -> str:
        return f"{path}?{urlencode({**params, **scope})}"

    return link


def queue_url(guideline_id: int, consultation_id: int | None = None, **params) -> str:
    """The editors' queue of the guideline filtered to what a number counts."""
    return queue_links(guideline_id, consultation_id)(**params)


def _filter_for(param: str, value: str) -> dict:
    """The queue filter of one count: by_status counts every status, the rest submitted only."""
    if param == "status":
        return {"status": value}
    if value == UNRESOLVED:
        return {"status": CommentStatus.SUBMITTED, "resolved": "false"}
    return {"status": CommentStatus.SUBMITTED, param: value}


def _groups(entry: dict, link: Callable[..., str]) -> list[dict]:
    """Each count group as table rows (label, number, queue link) and as chart data."""
    groups = []
    for key, param, title, choices in GROUPS:
        counts = entry["comments"][key]
        rows = [
            {
                "label": str(label),
                "n": counts.get(value, 0),
                # Drafts are their organisation's own: no queue shows them.
                "url": None if value == CommentStatus.DRAFT else link(**_filter_for(param, value)),
            }
            for value, label in choices
        ]
        groups.append(
            {
                "key": key,
                "data_id": f"chart-data-{key}",
                "title": str(title),
                # The chart's text alternative: its title, then every bar's label and number.
                "chart_label": _("Bar chart: %(title)s") % {"title": title}
                + ": "
                + ", ".join(f"{r['label']} {r['n']}" for r in rows),
                "rows": rows,
                "chart": {
                    "title": str(title),
                    "labels": [r["label"] for r in rows],
                    "values": [r["n"] for r in rows],
                },
            }
        )
    return groups


def _days_in_stage(changed_at) -> int | None:
    return (timezone.now() - changed_at).days if changed_at else None


def _coverage(entry: dict, link: Callable[..., str], sort: str) -> dict:
    """The sections x organisation kinds matrix, cells shaded and linked to the queue."""
    kinds = list(OrganisationKind.values)
    rows = entry["coverage"]
    if sort == "total":
        rows = sorted(rows, key=lambda r: -r["total"])
    elif sort in kinds:
        rows = sorted(rows, key=lambda r: -r["by_organisation_kind"].get(sort, 0))
    else:
        sort = "section"
    return {
        "kinds": [(kind, KIND_LABELS[kind]) for kind in kinds],
        # One reversal for the 200 rows of a long guideline: each adds its section.
        "body": coverage_body(rows, kinds, link(status=CommentStatus.SUBMITTED)),
        "sort": sort,
    }


def _silent(entry: dict, user) -> list[dict]:
    """Silent invited organisations by consultation, with their delegates (two queries)."""
    silent = entry["silent_organisations"]
    if not silent:
        return []
    consultations = Consultation.objects.in_bulk({s["consultation"] for s in silent})
    delegates = defaultdict(list)
    for person in User.objects.filter(
        organisation_id__in={s["id"] for s in silent}, is_delegate=True, is_active=True
    ).order_by("last_name", "first_name", "username"):
        delegates[person.organisation_id].append(person)
    actor = as_actor(user)
    groups: dict[int, dict] = {}
    for organisation in silent:
        consultation = consultations[organisation["consultation"]]
        group = groups.setdefault(
            consultation.pk,
            {
                "consultation": consultation,
                "may_remind": remind_refusal(actor, consultation) is None,
                "organisations": [],
            },
        )
        group["organisations"].append(
            {
                **organisation,
                "kind_label": KIND_LABELS.get(organisation["kind"], organisation["kind"]),
                "delegates": delegates[organisation["id"]],
            }
        )
    return list(groups.values())


def _overdue(entry: dict) -> list[dict]:
    """Overdue assignments grouped per editor, the editor with the oldest first."""
    editors: dict[int, dict] = {}
    for item in entry["overdue_assignments"]:  # oldest first already
        editors.setdefault(item["assignee"], {"username": item["assignee_username"], "items": []})[
            "items"
        ].append(item)
    return list(editors.values())


def _detail(entry: dict, guideline: Guideline, consultation, user, sort: str) -> dict:
    consultation_id = consultation.pk if consultation else None
    link = queue_links(guideline.pk, consultation_id)
    comments = entry["comments"]
    return {
        "entry": entry,
        "guideline": guideline,
        "consultation": consultation,
        "days_in_stage": _days_in_stage(guideline.stage_changed_at),
        "unresolved": comments["submitted"] - comments["resolved"],
        "percent": round(100 * comments["share_resolved"]) if comments["submitted"] else None,
        "groups": _groups(entry, link),
        "coverage": _coverage(entry, link, sort),
        "silent": _silent(entry, user),
        "overdue": _overdue(entry),
        "consultations": list(guideline.consultations.order_by("-opens_at", "id")),
        "may_manage": coordinator_refusal(user) is None,
        "consultation_actions": consultation_allowed_actions(user, consultation)
        if consultation
        else [],
        "links": {
            "submitted": link(status="submitted"),
            "resolved": link(status="submitted", resolved="true"),
            "unresolved": link(status="submitted", resolved="false"),
        },
        "editor_links": {
            e["editor"]: link(assignee=e["editor"], resolved="false")
            for e in entry["unresolved_per_editor"]
            if e["editor"]
        },
    }


@login_required
def dashboard(request):
    """Every guideline: stage, days in it, share resolved and what is waiting."""
    _allowed(request)
    summary = dashboard_summary()
    changed = dict(Guideline.objects.values_list("pk", "stage_changed_at"))
    rows = []
    for entry in summary["guidelines"]:
        comments = entry["comments"]
        rows.append(
            {
                "entry": entry,
                "stage_label": Stage(entry["stage"]).label,
                "days_in_stage": _days_in_stage(changed.get(entry["id"])),
                "unresolved": comments["submitted"] - comments["resolved"],
                "unresolved_url": queue_url(entry["id"], status="submitted", resolved="false"),
                "submitted_url": queue_url(entry["id"], status="submitted"),
                "percent": round(100 * comments["share_resolved"])
                if comments["submitted"]
                else None,
            }
        )
    return render(
        request,
        "web/coordination/dashboard.html",
        {"rows": rows, "generated_at": summary["generated_at"]},
    )


@login_required
def guideline_dashboard(request, pk: int):
    """One guideline's figures, charts and lists."""
    _allowed(request)
    guideline = get_object_or_404(Guideline, pk=pk)
    summary = dashboard_summary(guideline_id=guideline.pk)
    context = _detail(
        summary["guidelines"][0], guideline, None, request.user, request.GET.get("sort", "")
    )
    return render(request, "web/coordination/dashboard_detail.html", context)


@login_required
def consultation_dashboard(request, pk: int):
    """One consultation's figures, charts and lists."""
    _allowed(request)
    consultation = get_object_or_404(Consultation.objects.select_related("guideline"), pk=pk)
    summary = dashboard_summary(consultation_id=consultation.pk)
    context = _detail(
        summary["guidelines"][0],
        consultation.guideline,
        consultation,
        request.user,
        request.GET.get("sort", ""),
    )
    return render(request, "web/coordination/dashboard_detail.html", context)


@login_required
@require_POST
def remind(request, pk: int):
    """Remind a silent invited organisation's delegates, then back to where the button was."""
    consultation = get_object_or_404(Consultation.objects.select_related("guideline"), pk=pk)
    organisation_id = request.POST.get("organisation", "")
    if not organisation_id.isdigit():
        raise Http404("No such organisation.")
    organisation = get_object_or_404(Organisation, pk=int(organisation_id))
    try:
        told = organisation_remind(
            consultation=consultation, organisation=organisation, user=request.user
        )
    except (DomainError, ValidationError) as error:
        detail = error.detail if isinstance(error, DomainError) else " ".join(error.messages)
        messages.error(request, detail)
    else:
        messages.success(
            request,
            _("%(organisation)s reminded: %(n)s delegate(s) told.")
            % {"organisation": organisation.name, "n": len(told)},
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("web:guideline_dashboard", args=[consultation.guideline_id])
    return redirect(back)
