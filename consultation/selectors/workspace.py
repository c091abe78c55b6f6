"""Reads behind a delegate's pages: invitations, their organisation's counts and comments."""

from collections import defaultdict

from django.db.models import Count, Prefetch, QuerySet

from accounts.models import Organisation
from accounts.permissions import has_role
from consultation.models import Comment, CommentStatus, Consultation, Guideline
from consultation.rules import is_invited
from consultation.selectors.comments import comments_visible_to

# The most passages one reading page marks per request; more stay listed, not highlighted.
MARKED_PASSAGES_MAX = 2_000


def consultations_for(user) -> list[Consultation]:
    """The consultations a person works on: their organisation's invitations, or all of them
    for people without an organisation (editors, coordinators); two queries."""
    consultations = (
        Consultation.objects.select_related("guideline", "version")
        .prefetch_related(
            Prefetch("invited_organisations", queryset=Organisation.objects.only("id"))
        )
        .order_by("-opens_at", "id")
    )
    if user.organisation_id is None or not user.has_role("delegate"):
        return list(consultations)
    return [c for c in consultations if is_invited(c, user.organisation)]


def organisation_counts(organisation_id: int | None) -> dict[int, dict[str, int]]:
    """{consultation id: {status: comments}} of one organisation, in one grouped query."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CommentStatus.values, 0))
    if organisation_id is None:
        return counts
    rows = (
        Comment.objects.filter(organisation_id=organisation_id)
        .values("consultation_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["consultation_id"]][row["status"]] = row["n"]
    return counts


def dispositions_awaiting_response(user, *, limit: int = 50) -> QuerySet[Comment]:
    """Resolved comments of the user's organisation that it has not answered yet."""
    if user.organisation_id is None:
        return Comment.objects.none()
    return (
        comments_visible_to(user)
        .filter(organisation_id=user.organisation_id, response="")
        .exclude(decision="")
        # What the home page lists of each: not the seven relations the API serialises.
        .select_related(None)
        .select_related("section", "consultation")
        .only("id", "decision", "section__number", "section__heading", "consultation__title")
        .order_by("-resolved_at", "-id")[:limit]
    )


def section_comment_counts(user, consultation: Consultation) -> dict[int, int]:
    """{section id: comments the user may read} in the consultation, in one grouped query."""
    rows = (
        comments_visible_to(user, consultation=consultation)
        .exclude(status=CommentStatus.WITHDRAWN)
        .values("section_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["section_id"]: row["n"] for row in rows}


def own_passages(user, consultation: Consultation) -> dict[int, list[tuple[int, int, str]]]:
    """{section id: [(start, end, label)]} of the organisation's anchored comments (one query)."""
    if user.organisation_id is None:
        return {}
    rows = (
        Comment.objects.filter(consultation=consultation, organisation_id=user.organisation_id)
        .exclude(status=CommentStatus.WITHDRAWN)
        .exclude(anchor_quote="")
        .values_list("section_id", "anchor_start", "anchor_end", "id", "status")
        .order_by("section_id", "anchor_start")[:MARKED_PASSAGES_MAX]
    )
    passages: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for section_id, start, end, pk, status in rows:
        passages[section_id].append((start, end, f"#{pk} ({status})"))
    return passages


def section_comments_page(
    user, consultation: Consultation, section_id: int, *, after: int | None, size: int = 20
) -> list[Comment]:
    """One page of the comments on a section the user may read, oldest first (keyset on id)."""
    queryset = (
        comments_visible_to(user, consultation=consultation)
        .filter(section_id=section_id)
        .exclude(status=CommentStatus.WITHDRAWN)
        .order_by("id")
    )
    if after is not None:
        queryset = queryset.filter(id__gt=after)
    return _sharing(consultation, queryset[: size + 1])


def _sharing(consultation: Consultation, comments) -> list[Comment]:
    """The comments with the page's own consultation object (invitations prefetched, cycle
    read once), so that the rules asked about each of them make no query."""
    rows = list(comments)
    for comment in rows:
        comment.consultation = consultation
    return rows


def organisation_position(user, consultation: Consultation) -> list[Comment]:
    """Every comment of the user's organisation in the consultation, in clause order."""
    if user.organisation_id is None:
        return []
    return _sharing(
        consultation,
        Comment.objects.filter(consultation=consultation, organisation_id=user.organisation_id)
        .select_related("section", "author", "organisation")
        .order_by("section__sort_key", "anchor_start", "id"),
    )


def guidelines_in_work(user) -> list[Guideline]:
    """The guidelines a person edits (every guideline for a coordinator), in title order."""
    if has_role(user, "coordinator"):
        return list(Guideline.objects.order_by("title"))
    if not has_role(user, "editor"):
        return []
    return list(user.edited_guidelines.order_by("title"))
