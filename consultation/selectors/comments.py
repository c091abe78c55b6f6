"""Who may read which comment: the ONE visibility rule every read of comments goes through."""

import datetime as dt

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.permissions import has_role
from consultation.models import Comment, CommentStatus, Guideline, Visibility


def _closed_at(now: dt.datetime) -> Q:
    """Comments whose consultation had closed (planned or early) at `now`."""
    return Q(consultation__closes_at__lte=now) | Q(consultation__closed_early_at__lte=now)


def comments_visibility_q(user, *, now: dt.datetime | None = None) -> Q | None:
    """The visibility rule as a Q on Comment, or None when the user may see nothing.

    - drafts: only the author's organisation (not even coordinators: a draft is not a position);
    - submitted / withdrawn: the organisation, the guideline's editors and coordinators;
    - public consultations: every signed-in user reads submitted comments after the close.
    """
    if not (user and user.is_authenticated):
        return None
    now = now or timezone.now()
    own = Q(organisation_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])
    public_after_close = Q(
        status=CommentStatus.SUBMITTED, consultation__visibility=Visibility.PUBLIC
    ) & _closed_at(now)
    not_draft = ~Q(status=CommentStatus.DRAFT)
    if has_role(user, "coordinator"):
        return own | not_draft
    rule = own | public_after_close
    if has_role(user, "editor"):
        # A subquery, not a join through the M2M, so that no comment appears twice.
        edited = Guideline.editors.through.objects.filter(user_id=user.pk).values("guideline_id")
        rule |= not_draft & Q(consultation__guideline_id__in=edited)
    return rule


def comments_visible_to(user, *, now: dt.datetime | None = None) -> QuerySet[Comment]:
    """Every comment the user may read, with what the API shows of it loaded in constant queries.

    An object outside this queryset is a 404 for the caller, never a 403.
    """
    rule = comments_visibility_q(user, now=now)
    if rule is None:
        return Comment.objects.none()
    return (
        Comment.objects.filter(rule)
        .select_related(
            "consultation",
            "consultation__guideline",
            "section",
            "organisation",
            "author",
            "resolved_by",
            "assignee",
        )
        .order_by("-id")
    )


def comments_listed_to(user, *, now: dt.datetime | None = None) -> QuerySet[Comment]:
    """comments_visible_to narrowed for the comment list: one join per row it reads.

    The list shows related rows by id, so only the section (its revision, for the anchor) is
    joined; the page's few consultations (allowed actions) come in one more query. The section
    body, up to 200,000 characters, is read only for comments whose anchor predates the
    section's revision (as `stale_section_body`); for the rest it would be most of the bytes.
    """
    stale = ~Q(anchor_quote="") & (
        Q(anchored_revision__isnull=True) | ~Q(anchored_revision=F("section__revision"))
    )
    return (
        comments_visible_to(user, now=now)
        .select_related(None)
        .select_related("section")
        .defer("section__body")
        # A page holds a handful of consultations: one query for them, not a copy per row.
        .prefetch_related("consultation")
        .annotate(
            stale_section_body=Case(When(stale, then=F("section__body")), default=Value(None))
        )
    )


def comment_get_visible(user, comment_id, *, now: dt.datetime | None = None) -> Comment:
    """The comment if the user may read it; Comment.DoesNotExist (a 404) otherwise."""
    return comments_visible_to(user, now=now).get(pk=comment_id)


def comment_history_visible_to(user, comment: Comment) -> QuerySet:
    """The recorded states of a comment the user may read, newest first.

    Readers outside the commenting organisation see the comment from its submission on: the
    wording it had while still a draft is the organisation's own business.
    """
    history = comment.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    if user.organisation_id != comment.organisation_id:
        history = history.exclude(status=CommentStatus.DRAFT)
    return history
