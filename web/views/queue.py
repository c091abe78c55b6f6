"""The editors' queue: every comment on a guideline, filtered by links, resolved in batches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Organisation, OrganisationKind
from common.errors import DomainError
from consultation.filters import CommentFilter
from consultation.models import (
    AnchorState,
    Comment,
    CommentStatus,
    CommentType,
    Decision,
    Guideline,
    Section,
)
from consultation.rules import can_edit_guideline
from consultation.selectors.comments import (
    AFTER_IN_CLAUSE_ORDER,
    comment_ids_matching,
    comment_list_page,
)
from reviews.dashboard.selectors import dashboard_summary
from reviews.services import assignments as assignment_services
from reviews.services import comments as review_services
from reviews.services.comments import MAX_BATCH

from ..forms import BatchAssignForm, BatchResolveForm, add_service_error, read_again

PAGE_SIZE = 50
FILTER_GROUPS = [
    ("status", gettext_lazy("Status"), CommentStatus.choices),
    (
        "resolved",
        gettext_lazy("Resolved"),
        [("false", gettext_lazy("Not resolved")), ("true", gettext_lazy("Resolved"))],
    ),
    ("decision", gettext_lazy("Decision"), Decision.choices),
    ("type", gettext_lazy("Type"), CommentType.choices),
    ("organisation_kind", gettext_lazy("Organisation kind"), OrganisationKind.choices),
    ("anchor_state", gettext_lazy("Passage"), AnchorState.choices),
]


def _guideline(user, pk: int) -> Guideline:
    guideline = get_object_or_404(Guideline, pk=pk)
    if not can_edit_guideline(user, guideline):
        raise Http404("No such guideline in your work.")
    return guideline


def _filter_groups(guideline: Guideline) -> list:
    """The filter links with the dashboard counters' figures beside them (one query).

    Counts of drafts are left out: drafts belong to their organisations. Type, decision and
    organisation kind count submitted comments, as the dashboard does.
    """
    summary = dashboard_summary(guideline_id=guideline.pk)
    comments = summary["guidelines"][0]["comments"] if summary else {}
    resolved, submitted = comments.get("resolved", 0), comments.get("submitted", 0)
    counts = {
        "status": {
            k: v for k, v in comments.get("by_status", {}).items() if k != CommentStatus.DRAFT
        },
        "resolved": {"true": resolved, "false": submitted - resolved},
        "decision": comments.get("by_decision", {}),
        "type": comments.get("by_type", {}),
        "organisation_kind": comments.get("by_organisation_kind", {}),
    }
    return [
        (name, label, [(value, text, counts.get(name, {}).get(value)) for value, text in choices])
        for name, label, choices in FILTER_GROUPS
    ]


def _filterset(user, guideline: Guideline, params) -> tuple[CommentFilter, list[str]]:
    """The queue's filters from its query string, validated; those not understood are listed
    and ignored."""
    data = params.copy()
    data["guideline"] = str(guideline.pk)
    if data.get("assignee") == "me":
        data["assignee"] = str(user.pk)
    filterset = CommentFilter(data, queryset=Comment.objects.none())
    errors = (
        [] if filterset.is_valid() else [f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()]
    )
    if errors:
        filterset = CommentFilter({"guideline": str(guideline.pk)}, queryset=Comment.objects.none())
        filterset.is_valid()
    return filterset, errors


def _page(user, guideline: Guideline, params) -> dict:
    """One keyset page of the queue with the names its rows show (three queries), and when
    it has more pages, how many comments match its filters (one more, counting at most
    MAX_BATCH + 1)."""
    filterset, errors = _filterset(user, guideline, params)
    clause_order = params.get("sort") == "clause"
    cursor = params.get("after" if clause_order else "before", "")
    cursor = cursor if cursor.isdigit() and len(cursor) < 19 else ""
    rows = comment_list_page(
        user,
        filterset,
        ordering=("clause_key", "id") if clause_order else ("-id",),
        bound=((AFTER_IN_CLAUSE_ORDER if clause_order else "id__lt"), cursor) if cursor else None,
        offset=0,
        limit=PAGE_SIZE + 1,
    )
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    organisations = dict(
        Organisation.objects.filter(pk__in={r["organisation_id"] for r in rows}).values_list(
            "pk", "name"
        )
    )
    sections = {
        s.pk: s
        for s in Section.objects.filter(pk__in={r["section_id"] for r in rows}).only(
            "number", "heading"
        )
    }
    for row in rows:
        row["organisation_name"] = organisations.get(row["organisation_id"], "")
        row["section_obj"] = sections.get(row["section_id"])
        row["type_label"] = CommentType(row["type"]).label
        row["status_label"] = CommentStatus(row["status"]).label
        row["decision_label"] = Decision(row["decision"]).label if row["decision"] else "—"
    matching = (
        comment_ids_matching(user, filterset, limit=MAX_BATCH + 1)
        if has_next or cursor or params.get("select") == "all"
        else None
    )
    return {
        "guideline": guideline,
        "rows": rows,
        "next_page": (
            _query(params, **{"after" if clause_order else "before": str(rows[-1]["id"])})
            if has_next
            else None
        ),
        "clause_order": clause_order,
        "filter_errors": errors,
        "groups": _filter_groups(guideline),
        "current": {k: v for k, v in params.items() if k not in {"before", "after", "select"}},
        "matching": matching,
        "matching_count": len(matching) if matching is not None else None,
        "too_many": matching is not None and len(matching) > MAX_BATCH,
        "max_batch": MAX_BATCH,
        "selected": set(),
    }


def _selection(context: dict, selected) -> dict:
    """The comments kept selected: checked on this page, carried as hidden inputs otherwise."""
    selected = set(selected)
    on_page = {row["id"] for row in context["rows"]}
    context["selected"] = selected
    context["kept"] = " ".join(str(pk) for pk in sorted(selected - on_page, reverse=True))
    return context


def _posted_selection(request) -> tuple[list[int], dict]:
    """The ids posted, and the form data naming them all: the boxes ticked on the page and the
    selection kept beyond it (one field of ids, so that a selection of MAX_BATCH stays under
    Django's limit of fields)."""
    ticked = request.POST.getlist("comments")
    kept = request.POST.get("kept", "").split()[: MAX_BATCH + 1]
    selected = list(dict.fromkeys(int(v) for v in [*ticked, *kept] if v.isdigit() and len(v) < 19))
    data = request.POST.copy()
    data.setlist("comments", [str(pk) for pk in selected])
    return selected, data


def _query(params, **changes) -> str:
    """The query string `params` with `changes` applied (None drops a key)."""
    params = params.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return f"?{params.urlencode()}" if params else "?"


@login_required
def queue(request, pk: int):
    """The queue page, filtered by its query string; `select=all` selects every comment that
    matches its filters (up to MAX_BATCH), on every page."""
    guideline = _guideline(request.user, pk)
    context = _page(request.user, guideline, request.GET)
    all_matching = request.GET.get("select") == "all" and not context["too_many"]
    if all_matching:
        _selection(context, context["matching"])
    context.update(
        all_matching=all_matching,
        select_all_url=_query(request.GET, select="all"),
        clear_selection_url=_query(request.GET, select=None),
        form=BatchResolveForm(
            ids=[r["id"] for r in context["rows"]], initial={"loaded_at": timezone.now()}
        ),
        assign_form=BatchAssignForm(guideline=guideline),
    )
    return render(request, "web/queue.html", context)


def _back(request, guideline: Guideline) -> str:
    """The queue as it was filtered when the action was posted."""
    params = request.GET.copy()
    params.pop("select", None)  # the comments resolved may no longer match: select anew
    query = params.urlencode()
    return reverse("web:queue", args=[guideline.pk]) + (f"?{query}" if query else "")


@login_required
@require_POST
def queue_resolve(request, pk: int):
    """Resolve the selected comments with one disposition, all or nothing."""
    guideline = _guideline(request.user, pk)
    context = _page(request.user, guideline, request.GET)
    selected, data = _posted_selection(request)
    form = BatchResolveForm(data, ids=selected)
    if form.is_valid():
        try:
            resolved = review_services.comments_resolve(
                comment_ids=form.cleaned_data["comments"],
                user=request.user,
                decision=form.cleaned_data["decision"],
                rationale=form.cleaned_data["rationale"],
                duplicate_of=form.cleaned_data["duplicate_of"],
                unchanged_since=form.cleaned_data["loaded_at"],
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
            read_again(form, "loaded_at")
        else:
            messages.success(
                request,
                _("Applied to %(done)s of %(asked)s comments.")
                % {"done": len(resolved), "asked": len(form.cleaned_data["comments"])},
            )
            return redirect(_back(request, guideline))
    _selection(context, selected)
    context.update(form=form, assign_form=BatchAssignForm(guideline=guideline), refused=True)
    return render(request, "web/queue.html", context, status=400)


@login_required
@require_POST
def queue_assign(request, pk: int):
    """Assign the selected comments to one editor, all or nothing."""
    guideline = _guideline(request.user, pk)
    context = _page(request.user, guideline, request.GET)
    selected, data = _posted_selection(request)
    form = BatchAssignForm(data, ids=selected, guideline=guideline)
    if form.is_valid():
        try:
            assigned = assignment_services.comments_assign(
                comment_ids=form.cleaned_data["comments"],
                editor=form.cleaned_data["editor"],
                user=request.user,
                due_at=form.cleaned_data["due_at"],
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(count)s comments assigned to %(editor)s.")
                % {"count": len(assigned), "editor": form.cleaned_data["editor"]},
            )
            return redirect(_back(request, guideline))
    _selection(context, selected)
    context.update(form=BatchResolveForm(ids=selected), assign_form=form, refused=True)
    return render(request, "web/queue.html", context, status=400)
