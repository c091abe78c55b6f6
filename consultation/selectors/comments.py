"""Who may read which comment: the ONE visibility rule every read of comments goes through."""

import datetime as dt

from django.db import connection
from django.db.models import Case, F, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django_filters.constants import EMPTY_VALUES

from accounts.models import Organisation
from accounts.permissions import has_role
from common.ids import MAX_ID
from common.prepared import prepared_rows
from consultation.comment_shape import COLUMNS, comment_answers
from consultation.intake import cycle_starts_prefetch
from consultation.models import Comment, CommentStatus, Consultation, Visibility
from consultation.rules import Actor, guidelines_assigned_to


def _closed_at(now: dt.datetime) -> Q:
    """Comments whose consultation had closed (planned or early) at `now`."""
    return Q(consultation__closes_at__lte=now) | Q(consultation__closed_early_at__lte=now)


def _reader_scope(user) -> tuple[bool, bool, bool]:
    """What of a reader shapes the rule: (coordinator, editor, has an organisation)."""
    return has_role(user, "coordinator"), has_role(user, "editor"), bool(user.organisation_id)


def _reader_values(
    user, scope: tuple[bool, bool, bool], now: dt.datetime, consultation=None
) -> dict:
    """The values `_rule` reads for this reader: exactly those its scope uses."""
    coordinator, editor, has_organisation = scope
    values = {"organisation": user.organisation_id} if has_organisation else {}
    if not coordinator:
        values["now"] = now
        if consultation is not None:
            # Within one consultation, whether it is public and closed is known: decided here
            # rather than per row, so that the query can use the organisation's index.
            values["public_closed"] = consultation.visibility == Visibility.PUBLIC and (
                consultation.effective_closes_at <= now
            )
        if editor:
            values["user"] = user.pk
    return values


def _rule(scope: tuple[bool, bool, bool], values: dict) -> Q:
    coordinator, editor, has_organisation = scope
    own = Q(organisation_id=values["organisation"]) if has_organisation else Q(pk__in=[])
    not_draft = ~Q(status=CommentStatus.DRAFT)
    if coordinator:
        return own | not_draft
    if "public_closed" in values:
        public_after_close = (
            Q(status=CommentStatus.SUBMITTED) if values["public_closed"] else Q(pk__in=[])
        )
    else:
        public_after_close = Q(
            status=CommentStatus.SUBMITTED, consultation__visibility=Visibility.PUBLIC
        ) & _closed_at(values["now"])
    rule = own | public_after_close
    if editor:
        # A subquery, not a join through the M2M, so that no comment appears twice.
        edited = guidelines_assigned_to(values["user"])
        rule |= not_draft & Q(consultation__guideline_id__in=edited)
    return rule


def comments_visibility_q(
    user, *, now: dt.datetime | None = None, consultation: Consultation | None = None
) -> Q | None:
    """The visibility rule as a Q on Comment, or None when the user may see nothing.

    - drafts: only the author's organisation (not even coordinators: a draft is not a position);
    - submitted / withdrawn: the organisation, the guideline's editors and coordinators;
    - public consultations: every signed-in user reads submitted comments after the close.
    """
    if not (user and user.is_authenticated):
        return None
    scope = _reader_scope(user)
    return _rule(scope, _reader_values(user, scope, now or timezone.now(), consultation))


def comments_visible_to(
    user, *, now: dt.datetime | None = None, consultation: Consultation | None = None
) -> QuerySet[Comment]:
    """Every comment the user may read, with what the API shows of it loaded in constant queries.

    An object outside this queryset is a 404 for the caller, never a 403.
    """
    rule = comments_visibility_q(user, now=now, consultation=consultation)
    if rule is None:
        return Comment.objects.none()
    if consultation is not None:
        rule &= Q(consultation=consultation)
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


def _listed(rule: Q) -> QuerySet:
    """Comments matching `rule` as the rows comment_shape.comment_answers reads.

    The list is the hottest read: rows skip model instances, and of the related tables only the
    section's revision is joined, for the anchor. The section body, up to 200,000 characters, is
    read only for comments whose anchor predates the section's revision (`stale_section_body`).
    """
    stale = ~Q(anchor_quote="") & (
        Q(anchored_revision__isnull=True) | ~Q(anchored_revision=F("section__revision"))
    )
    return Comment.objects.filter(rule).values(
        *COLUMNS,
        stale_section_body=Case(When(stale, then=F("section__body")), default=Value(None)),
    )


# The keyset lookup of the clause order (ordering "clause_key", "id"): the rows after the
# comment whose id is the position.
AFTER_IN_CLAUSE_ORDER = "after in clause order"


def _past(queryset: QuerySet, lookup: str, position: int) -> QuerySet:
    """The rows past a keyset cursor: `lookup` on the position (e.g. id__lt), or the rows after
    comment `position` in clause order, read from the clause order's index."""
    if lookup != AFTER_IN_CLAUSE_ORDER:
        return queryset.filter(**{lookup: position})
    key = Subquery(Comment.objects.filter(pk=position).values("clause_key")[:1])
    # The first condition alone bounds the index scan; the second is the exact keyset.
    return queryset.filter(clause_key__gte=key).filter(
        Q(clause_key__gt=key) | Q(clause_key=key, id__gt=position)
    )


def comment_list_page(
    user,
    filterset,
    *,
    ordering: tuple[str, ...],
    bound: tuple[str, str] | None,
    offset: int,
    limit: int,
    now: dt.datetime | None = None,
) -> list[dict]:
    """A page of the comments `user` may read, as rows: the comment list's one query.

    `filterset` is a validated CommentFilter; `ordering`, `bound` (a keyset lookup and the
    cursor's position), `offset` and `limit` come from the cursor pagination. The SQL is compiled
    once per shape of request (common.prepared): which reader scope, which filters, which page.
    """
    if not (user and user.is_authenticated):
        return []
    scope = _reader_scope(user)
    values = _reader_values(user, scope, now or timezone.now())
    filters = {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if value not in EMPTY_VALUES
    }
    # A true/false filter changes the SQL itself: part of the shape, not a value.
    flags = tuple(sorted((n, v) for n, v in filters.items() if isinstance(v, bool)))
    values.update({f"filter {n}": v for n, v in filters.items() if not isinstance(v, bool)})
    if bound is not None:
        values["position"] = int(bound[1])
    key = (
        "comment list",
        connection.vendor,
        scope,
        tuple(sorted(filters)),
        flags,
        ordering,
        bound and bound[0],
        offset,
        limit,
    )

    def build(v: dict) -> QuerySet:
        queryset = _listed(_rule(scope, v))
        for name, value in filters.items():
            queryset = filterset.filters[name].filter(queryset, v.get(f"filter {name}", value))
        queryset = queryset.order_by(*ordering)
        if bound is not None:
            queryset = _past(queryset, bound[0], v["position"])
        return queryset[offset : offset + limit]

    return prepared_rows(key, build, values)


def comment_row(user, comment_id: int, *, now: dt.datetime | None = None) -> dict | None:
    """The row of one comment the user may read (the list's row path), or None."""
    if not (user and user.is_authenticated) or not 1 <= int(comment_id) <= MAX_ID:
        return None
    scope = _reader_scope(user)
    values = _reader_values(user, scope, now or timezone.now())
    values["comment"] = int(comment_id)

    def build(v: dict) -> QuerySet:
        return _listed(_rule(scope, v) & Q(pk=v["comment"]))[:1]

    rows = prepared_rows(("comment row", connection.vendor, scope), build, values)
    return rows[0] if rows else None


def consultations_by_id(ids, *, with_invitations: bool) -> dict[int, Consultation]:
    """The consultations of a page of comments with their guidelines, in one query (two more
    with their invitations and when their guidelines' current cycles began)."""
    consultations = Consultation.objects.filter(pk__in=set(ids)).select_related("guideline")
    if with_invitations:
        consultations = consultations.prefetch_related(
            Prefetch("invited_organisations", queryset=Organisation.objects.only("id"))
        )
    found = {consultation.pk: consultation for consultation in consultations}
    if with_invitations:
        cycle_starts_prefetch(found.values())
    return found


def comments_answered(rows: list[dict], actor: Actor, *, raw_datetimes: bool = False) -> list:
    """The API's answers for rows of comment_list_page / comment_row, with what their rules read
    of their consultations (one query, three with invitations)."""
    consultations = (
        consultations_by_id(
            [row["consultation_id"] for row in rows], with_invitations=bool(actor.organisation_id)
        )
        if rows
        else {}
    )
    return comment_answers(
        rows, actor=actor, consultations=consultations, raw_datetimes=raw_datetimes
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


def comment_ids_matching(user, filterset, *, limit: int) -> list[int]:
    """The ids of at most `limit` comments `user` may read that match a validated CommentFilter
    (one query): the set a batch action on "every comment matching these filters" acts on."""
    rule = comments_visibility_q(user)
    if rule is None:
        return []
    queryset = Comment.objects.filter(rule)
    for name, value in filterset.form.cleaned_data.items():
        if value not in EMPTY_VALUES:
            queryset = filterset.filters[name].filter(queryset, value)
    return list(queryset.order_by("-id").values_list("id", flat=True)[:limit])
