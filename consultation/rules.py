"""Who may do what with guidelines, sections, consultations and comments: each rule once.

A rule is a predicate for one object (`can_edit_guideline`, `is_invited`,
`has_standing_objection`) and, where many objects are asked about, a `Q` or a subquery
(`organisations_invited_to`, `guidelines_assigned_to`, `STANDING_OBJECTION`). Comment
visibility is `consultation.selectors.comments.comments_visible_to`.

Every action a person can take is a *refusal*: a function returning the DomainError the
service raises (403 Forbidden with the reason, 409 for a wrong state) or None. The services
raise it; `comment_allowed_actions`, `section_allowed_actions` and
`consultation_allowed_actions` list the actions whose refusal is None, so the buttons a page
shows and what the services accept are one table. reviews.rules adds the guideline's actions.

"Editor of the guideline" has two meanings, kept apart by name:
- `is_assigned_editor`: an editor named among the guideline's editors (or a superuser); only
  they resolve its comments;
- `can_edit_guideline`: an assigned editor or a coordinator; they edit its text, cut versions,
  import comments, assign comments, reply in threads, see blockers and export the disposition.

Rules take a user or an `Actor` (the user plus what needs a query, read once): pass one Actor
for a whole page so that hundreds of rows cost at most two queries.
"""

import datetime as dt
from collections.abc import Callable
from functools import cached_property

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, User
from accounts.permissions import has_role
from common.errors import (
    AlreadyResolved,
    CommentNotSubmitted,
    Conflict,
    ConsultationClosed,
    ConsultationNotOpen,
    DomainError,
    GuidelineNotEmpty,
    NoStandingObjection,
    NotResolved,
)
from common.moments import format_moment
from consultation.errors import Forbidden
from consultation.intake import (
    comment_intake_refusal,
    comment_reopen_refusal,
    consultation_reopen_refusal,
)
from consultation.models import (
    Comment,
    CommentStatus,
    Consultation,
    ConsultationStatus,
    Guideline,
    Response,
    Section,
    UpdateRequestStatus,
)

Refusal = DomainError | None


class Actor:
    """A user as the rules see them, at one moment; facts that need a query are read once."""

    def __init__(self, user, *, now: dt.datetime | None = None):
        self.user = user
        self.now = now or timezone.now()
        self.organisation_id = getattr(user, "organisation_id", None)

    def has_role(self, role: str) -> bool:
        """True when the user is signed in and holds the role (superusers hold all)."""
        return has_role(self.user, role)

    @cached_property
    def assigned_guideline_ids(self) -> frozenset[int]:
        """The guidelines whose editors name this user (empty for non-editors)."""
        if not self.has_role("editor") or self.user.is_superuser:
            return frozenset()
        return frozenset(
            guidelines_assigned_to(self.user.pk).values_list("guideline_id", flat=True)
        )

    @cached_property
    def focal_point(self) -> User | None:
        """The focal point of the user's organisation, if it named one."""
        if not self.organisation_id:
            return None
        return User.objects.filter(
            organisation_id=self.organisation_id, is_focal_point=True
        ).first()


def as_actor(user, *, now: dt.datetime | None = None) -> Actor:
    """`user` as an Actor (an Actor is returned as it is)."""
    return user if isinstance(user, Actor) else Actor(user, now=now)


def _pk(obj) -> int:
    return getattr(obj, "pk", obj)


# --- Editors of a guideline -------------------------------------------------------------------


def guidelines_assigned_to(user_id) -> QuerySet:
    """The ids of the guidelines whose editors name the user, as a subquery (`guideline_id`)."""
    return Guideline.editors.through.objects.filter(user_id=user_id).values("guideline_id")


def is_assigned_editor(user, guideline) -> bool:
    """An editor named among the guideline's editors (or a superuser): who resolves comments.

    `guideline` is a Guideline or its id. Coordinators alone do not qualify.
    """
    actor = as_actor(user)
    if not actor.has_role("editor"):
        return False
    return actor.user.is_superuser or _pk(guideline) in actor.assigned_guideline_ids


def can_edit_guideline(user, guideline) -> bool:
    """A coordinator (who manages everything) or an editor assigned to the guideline."""
    actor = as_actor(user)
    return actor.has_role("coordinator") or is_assigned_editor(actor, guideline)


def edit_guideline_refusal(user, guideline) -> Refusal:
    """403 unless the user may change the guideline's text, versions and review work."""
    if can_edit_guideline(user, guideline):
        return None
    return Forbidden(_("Only editors assigned to this guideline, or coordinators, may change it."))


def guideline_not_empty_refusal(guideline: Guideline) -> Refusal:
    """409 once the guideline has sections: Markdown is imported into an empty guideline only."""
    if guideline.sections.exists():
        return GuidelineNotEmpty(
            _("'%(title)s' already has sections; import into an empty guideline.")
            % {"title": guideline.title}
        )
    return None


def markdown_import_refusal(user, guideline: Guideline) -> Refusal:
    """Editors of an empty guideline create its sections from Markdown."""
    return edit_guideline_refusal(user, guideline.pk) or guideline_not_empty_refusal(guideline)


# --- Invitations ------------------------------------------------------------------------------


def is_invited(consultation: Consultation, organisation: Organisation | None) -> bool:
    """True when the organisation's kind or the organisation itself is invited.

    Reads `invited_organisations.all()`, so a prefetch makes it free inside a list.
    """
    if organisation is None:
        return False
    if organisation.kind in (consultation.invited_kinds or []):
        return True
    return any(org.pk == organisation.pk for org in consultation.invited_organisations.all())


def organisations_invited_to(consultation: Consultation) -> Q:
    """`is_invited` for many organisations: a Q on Organisation."""
    return Q(kind__in=consultation.invited_kinds or []) | Q(invited_to=consultation)


def invited_sql(consultation: str, organisation: str) -> str:
    """`is_invited` as an SQL condition on the aliases of a consultation and an organisation row.

    Reads the same data as `is_invited`: the invited organisations' table, and the JSON list of
    invited kinds taken apart as JSON (each element compared whole, never a text match).
    """
    through = Consultation.invited_organisations.through._meta.db_table
    by_name = (
        f"{organisation}.id IN (SELECT i.organisation_id FROM {through} i"
        f" WHERE i.consultation_id = {consultation}.id)"
    )
    if connection.vendor == "postgresql":
        by_kind = f"({consultation}.invited_kinds)::jsonb ? {organisation}.kind"
    else:
        by_kind = (
            f"EXISTS (SELECT 1 FROM json_each({consultation}.invited_kinds) k"
            f" WHERE k.value = {organisation}.kind)"
        )
    return f"({by_name} OR {by_kind})"


# --- Writing comments -------------------------------------------------------------------------


def window_refusal(consultation: Consultation, now: dt.datetime) -> Refusal:
    """409 when the consultation is not open at `now`, with its dates in the message."""
    status = consultation.status_at(now)
    if status == ConsultationStatus.SCHEDULED:
        return ConsultationNotOpen(
            _(
                "The consultation opens on %(opens_at)s and closes on %(effective_closes_at)s; "
                "comments can be written from the opening."
            )
            % {
                "opens_at": format_moment(consultation.opens_at),
                "effective_closes_at": format_moment(consultation.effective_closes_at),
            }
        )
    if status == ConsultationStatus.CLOSED:
        return ConsultationClosed(
            _(
                "The consultation closed on %(effective_closes_at)s; comments can no longer be "
                "changed."
            )
            % {"effective_closes_at": format_moment(consultation.effective_closes_at)}
        )
    return None


def writer_refusal(user, consultation: Consultation) -> Refusal:
    """403 unless the user is a delegate of an organisation invited to the consultation."""
    actor = as_actor(user)
    if not (actor.has_role("delegate") and actor.organisation_id):
        return Forbidden(_("Only delegates write comments, on behalf of their organisation."))
    if not is_invited(consultation, actor.user.organisation):
        return Forbidden(
            _("%(organisation)s is not invited to this consultation.")
            % {"organisation": actor.user.organisation}
        )
    return None


def is_of_commenting_organisation(user, comment) -> bool:
    """A delegate of the organisation that made the comment."""
    actor = as_actor(user)
    return bool(
        actor.has_role("delegate")
        and actor.organisation_id
        and actor.organisation_id == comment.organisation_id
    )


def own_comment_refusal(user, comment) -> Refusal:
    """403 unless the user may write on this comment (a delegate of its invited organisation)."""
    actor = as_actor(user)
    if not is_of_commenting_organisation(actor, comment):
        return Forbidden(
            _("Only delegates of the commenting organisation may change this comment.")
        )
    return writer_refusal(actor, comment.consultation)


def speaks_for_organisation(user) -> bool:
    """The national position: when the user's organisation has a focal point, only they speak
    for it (submit, withdraw a submitted comment, answer a disposition); else every delegate."""
    actor = as_actor(user)
    return actor.focal_point is None or actor.focal_point.pk == actor.user.pk


def _focal_point_name(actor: Actor) -> str:
    focal = actor.focal_point
    return focal.get_full_name() or focal.username


def submitter_refusal(user) -> Refusal:
    """403 for a delegate who is not the focal point of an organisation that has one."""
    actor = as_actor(user)
    if speaks_for_organisation(actor):
        return None
    return Forbidden(
        _(
            "Your organisation has a focal point (%(focal_point_name)s), who submits its "
            "consolidated position; save your comment as a draft for them."
        )
        % {"focal_point_name": _focal_point_name(actor)}
    )


def comment_refusal(user, consultation: Consultation) -> Refusal:
    """Why the user may not draft a comment in the consultation now (None: they may)."""
    actor = as_actor(user)
    return (
        writer_refusal(actor, consultation)
        or comment_intake_refusal(consultation)
        or window_refusal(consultation, actor.now)
    )


def submit_all_refusal(user, consultation: Consultation) -> Refusal:
    """Why the user may not submit their organisation's drafts in the consultation now."""
    actor = as_actor(user)
    return (
        writer_refusal(actor, consultation)
        or submitter_refusal(actor)
        or comment_intake_refusal(consultation)
        or window_refusal(consultation, actor.now)
    )


# --- The actions on one comment ---------------------------------------------------------------
# Each takes an actor and a comment (a model instance, or any object with the same attributes:
# pk, organisation_id, status, decision, response, settlement and consultation). A refusal is
# truthy, so `a or b or c` answers the first of a, b, c that refuses, evaluating no further.


def _draft_refusal(comment, *, submitting: bool) -> Refusal:
    if comment.status == CommentStatus.DRAFT:
        return None
    message = (
        _("Only drafts can be submitted; this comment is %(status)s.")
        if submitting
        else _("Only drafts can be edited; this comment is %(status)s.")
    )
    return Conflict(message % {"status": CommentStatus(comment.status).label.lower()})


def edit_refusal(actor: Actor, comment) -> Refusal:
    """Delegates of the organisation edit its drafts while the consultation is open."""
    return (
        own_comment_refusal(actor, comment)
        or window_refusal(comment.consultation, actor.now)
        or _draft_refusal(comment, submitting=False)
    )


def submit_refusal(actor: Actor, comment) -> Refusal:
    """A draft becomes the organisation's position: the focal point submits, if it has one."""
    return (
        own_comment_refusal(actor, comment)
        or submitter_refusal(actor)
        or comment_intake_refusal(comment.consultation)
        or window_refusal(comment.consultation, actor.now)
        or _draft_refusal(comment, submitting=True)
    )


def _withdrawable_refusal(comment) -> Refusal:
    if comment.status == CommentStatus.WITHDRAWN:
        return Conflict(_("The comment is already withdrawn."))
    if comment.decision:
        return Conflict(_("The comment has been resolved and can no longer be withdrawn."))
    return None


def withdraw_refusal(actor: Actor, comment) -> Refusal:
    """Withdraw a draft, or a submitted comment not yet resolved (that changes the
    organisation's position, so it follows the focal-point rule like submitting)."""
    return (
        own_comment_refusal(actor, comment)
        or (submitter_refusal(actor) if comment.status == CommentStatus.SUBMITTED else None)
        or window_refusal(comment.consultation, actor.now)
        or _withdrawable_refusal(comment)
    )


def reply_refusal(actor: Actor, comment) -> Refusal:
    """The commenting organisation, the guideline's editors and coordinators write in the
    thread of a comment once it is submitted."""
    may_reply = is_of_commenting_organisation(actor, comment) or can_edit_guideline(
        actor, comment.consultation.guideline_id
    )
    if not may_reply:
        return Forbidden(
            _(
                "Only the commenting organisation, the guideline's editors and coordinators reply "
                "here."
            )
        )
    if comment.status == CommentStatus.DRAFT:
        return Conflict(_("Submit the comment before starting a thread on it."))
    return None


def assign_refusal(actor: Actor, comment) -> Refusal:
    """Coordinators and the guideline's editors hand submitted comments to an editor."""
    if not can_edit_guideline(actor, comment.consultation.guideline_id):
        return Forbidden(_("Only coordinators and editors of the guideline assign comments."))
    if comment.status != CommentStatus.SUBMITTED:
        return CommentNotSubmitted(_("Only submitted comments are assigned for review."))
    return None


def _resolver_refusal(actor: Actor, comment) -> Refusal:
    if not is_assigned_editor(actor, comment.consultation.guideline_id):
        return Forbidden(_("Only editors of this guideline resolve its comments."))
    if comment.status != CommentStatus.SUBMITTED:
        return CommentNotSubmitted(
            _("Comment %(pk)s is %(status)s, not submitted.")
            % {"pk": comment.pk, "status": CommentStatus(comment.status).label.lower()}
        )
    return None


def resolve_refusal(actor: Actor, comment) -> Refusal:
    """The guideline's assigned editors give a submitted comment its disposition."""
    refusal = _resolver_refusal(actor, comment)
    if refusal is None and comment.decision:
        return AlreadyResolved(
            _(
                'Comment %(pk)s is already resolved as %(decision)s; send "reopen": true to '
                "change the disposition."
            )
            % {"pk": comment.pk, "decision": comment.decision}
        )
    return refusal


def reopen_refusal(actor: Actor, comment) -> Refusal:
    """The guideline's assigned editors change a disposition already given."""
    refusal = _resolver_refusal(actor, comment)
    if refusal is None and not comment.decision:
        return NotResolved(
            _("Comment %(pk)s has no disposition to reopen; resolve it without reopen.")
            % {"pk": comment.pk}
        )
    return refusal or comment_reopen_refusal(comment.consultation)


def respond_refusal(actor: Actor, comment) -> Refusal:
    """The commenting organisation answers the disposition (its focal point, if it has one)
    until a coordinator has settled an objection."""
    if not is_of_commenting_organisation(actor, comment):
        return Forbidden(_("Only delegates of the commenting organisation answer its disposition."))
    if not speaks_for_organisation(actor):
        return Forbidden(
            _(
                "Your organisation has a focal point (%(focal_point_name)s), who records its "
                "response to a disposition; ask them to answer."
            )
            % {"focal_point_name": _focal_point_name(actor)}
        )
    if not comment.decision:
        return NotResolved(
            _("Comment %(pk)s has no disposition yet; answer once the editors resolve it.")
            % {"pk": comment.pk}
        )
    if comment.settlement:
        return Conflict(
            _(
                "A coordinator already settled the objection to comment %(pk)s (%(settlement)s); "
                "the answer can no longer change."
            )
            % {"pk": comment.pk, "settlement": comment.settlement}
        )
    return None


STANDING_OBJECTION = Q(response=Response.OBJECTION, settlement="")


def standing_objection_sql(alias: str = "") -> str:
    """`STANDING_OBJECTION` as SQL on a comment row (the dashboard's partial index uses it)."""
    prefix = f"{alias}." if alias else ""
    return f"{prefix}response = '{Response.OBJECTION}' AND {prefix}settlement = ''"


def has_standing_objection(comment) -> bool:
    """The organisation objected to the disposition and no coordinator has settled it yet."""
    return comment.response == Response.OBJECTION and not comment.settlement


def settle_refusal(actor: Actor, comment) -> Refusal:
    """Coordinators settle a standing objection (overruled, or upheld to reopen it)."""
    if not actor.has_role("coordinator"):
        return Forbidden(_("Only coordinators settle objections to dispositions."))
    if not (comment.decision and has_standing_objection(comment)):
        return NoStandingObjection(
            _("Comment %(pk)s has no standing objection to settle.") % {"pk": comment.pk}
        )
    return None


COMMENT_ACTIONS: dict[str, Callable[[Actor, Comment], Refusal]] = {
    "edit": edit_refusal,
    "submit": submit_refusal,
    "withdraw": withdraw_refusal,
    "reply": reply_refusal,
    "assign": assign_refusal,
    "resolve": resolve_refusal,
    "reopen": reopen_refusal,
    "respond": respond_refusal,
    "settle": settle_refusal,
}


def comment_allowed_actions(user, comment, *, now: dt.datetime | None = None) -> list[str]:
    """The actions on `comment` the services accept from `user` now, in COMMENT_ACTIONS order.

    Reads `comment.consultation` (with its invited organisations: prefetch them for a list)
    and no other relation. A comment is never deleted (withdraw it), so there is no `delete`.
    """
    actor = as_actor(user, now=now)
    return [name for name, refusal in COMMENT_ACTIONS.items() if refusal(actor, comment) is None]


# --- The actions on a section and on a consultation ------------------------------------------


def _open_consultations(section: Section, now: dt.datetime) -> list[Consultation]:
    return list(
        Consultation.objects.filter(
            guideline_id=section.guideline_id,
            version__sections__section_id=section.pk,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .exclude(closed_early_at__lte=now)
        .prefetch_related("invited_organisations")
    )


def section_allowed_actions(
    user, section: Section, *, consultation: Consultation | None = None, now=None
) -> list[str]:
    """`edit` and `revert` for those who may edit the guideline; `comment` when the user may
    draft a comment on this section in `consultation` (default: any open consultation of the
    guideline whose version holds the section)."""
    actor = as_actor(user, now=now)
    actions = []
    if edit_guideline_refusal(actor, section.guideline_id) is None:
        actions += ["edit", "revert"]
    consultations = [consultation] if consultation is not None else None
    if actor.has_role("delegate"):
        if consultations is None:
            consultations = _open_consultations(section, actor.now)
        if any(comment_refusal(actor, c) is None for c in consultations):
            actions.append("comment")
    return actions


def coordinator_refusal(user) -> Refusal:
    """403 unless the user is a coordinator (who manages consultations)."""
    if as_actor(user).has_role("coordinator"):
        return None
    return Forbidden(_("Only coordinators manage consultations."))


def editors_refusal(user) -> Refusal:
    """403 unless the user may assign editors to guidelines and remove them (coordinators)."""
    if as_actor(user).has_role("coordinator"):
        return None
    return Forbidden("Only coordinators assign editors to guidelines.")


def close_refusal(actor: Actor, consultation: Consultation) -> Refusal:
    """Coordinators close an open consultation before its planned end."""
    refusal = coordinator_refusal(actor)
    if refusal is not None:
        return refusal
    status = consultation.status_at(actor.now)
    if status == ConsultationStatus.CLOSED:
        closed = format_moment(consultation.effective_closes_at)
        return ConsultationClosed(
            _("The consultation already closed on %(closed)s.") % {"closed": closed}
        )
    if status == ConsultationStatus.SCHEDULED:
        return ConsultationNotOpen(
            _(
                "The consultation opens on %(opens_at)s; change its dates or delete it instead of "
                "closing it."
            )
            % {"opens_at": format_moment(consultation.opens_at)}
        )
    return None


def reopen_consultation_refusal(actor: Actor, consultation: Consultation) -> Refusal:
    """Coordinators reopen a closed consultation while its guideline takes late comments."""
    refusal = coordinator_refusal(actor)
    if refusal is not None:
        return refusal
    status = consultation.status_at(actor.now)
    if status != ConsultationStatus.CLOSED:
        return Conflict(
            _(
                "The consultation is %(status)s until %(effective_closes_at)s, not closed; change "
                "its closes_at with PATCH instead."
            )
            % {
                "status": status,
                "effective_closes_at": format_moment(consultation.effective_closes_at),
            }
        )
    return consultation_reopen_refusal(consultation)


def import_refusal(actor: Actor, consultation: Consultation) -> Refusal:
    """Editors of the guideline and coordinators enter comments sent by e-mail: while the
    guideline takes comments, and after the close (marked late) only in consultation or
    resolution."""
    refusal = edit_guideline_refusal(actor, consultation.guideline_id)
    if refusal is not None:
        return refusal
    late = consultation.status_at(actor.now) == ConsultationStatus.CLOSED
    return comment_intake_refusal(consultation, late=late)


def import_organisation_refusal(actor: Actor, consultation: Consultation) -> Refusal:
    """Who imports a consultation's comments may create, in the same import, the organisations
    its file names that Concord does not know (they are then invited to that consultation)."""
    return import_refusal(actor, consultation)


CONSULTATION_ACTIONS: dict[str, Callable[[Actor, Consultation], Refusal]] = {
    "comment": comment_refusal,
    "submit": submit_all_refusal,
    "close": close_refusal,
    "reopen": reopen_consultation_refusal,
    "import": import_refusal,
    "edit": lambda actor, consultation: coordinator_refusal(actor),
}


def consultation_allowed_actions(
    user, consultation: Consultation, *, now: dt.datetime | None = None
) -> list[str]:
    """The actions on `consultation` the services accept from `user` now: `comment` (draft
    one), `submit` (every draft of the organisation), `close`, `reopen`, `import` (comments
    sent in by e-mail) and `edit`."""
    actor = as_actor(user, now=now)
    return [
        name
        for name, refusal in CONSULTATION_ACTIONS.items()
        if refusal(actor, consultation) is None
    ]


# --- Update requests --------------------------------------------------------------------------


def file_update_request_refusal(user) -> Refusal:
    """Delegates of member states file update requests."""
    actor = as_actor(user)
    organisation = actor.user.organisation if actor.has_role("delegate") else None
    if organisation is None or organisation.kind != OrganisationKind.MEMBER_STATE:
        return Forbidden(_("Only delegates of member states file update requests."))
    return None


def _open_request_refusal(update_request) -> Refusal:
    if update_request.status != UpdateRequestStatus.OPEN:
        return Conflict(
            _("The update request was already accepted.")
            if update_request.status == UpdateRequestStatus.ACCEPTED
            else _("The update request was already declined.")
        )
    return None


def support_refusal(actor: Actor, update_request) -> Refusal:
    """Delegates of other organisations back an open request, for their organisation."""
    if not (actor.has_role("delegate") and actor.organisation_id):
        return Forbidden(_("Only delegates support update requests, for their organisation."))
    if update_request.organisation_id == actor.organisation_id:
        return Forbidden(_("Your organisation filed this request; others may support it."))
    return _open_request_refusal(update_request)


def decide_refusal(actor: Actor, update_request) -> Refusal:
    """Coordinators accept or decline an open request."""
    if not actor.has_role("coordinator"):
        return Forbidden(_("Only coordinators accept or decline update requests."))
    return _open_request_refusal(update_request)


UPDATE_REQUEST_ACTIONS: dict[str, Callable[[Actor, object], Refusal]] = {
    "support": support_refusal,
    "accept": decide_refusal,
    "decline": decide_refusal,
}


def update_request_allowed_actions(user, update_request, *, now=None) -> list[str]:
    """The actions on an update request the services accept from `user`: `support`,
    `accept` and `decline`."""
    actor = as_actor(user, now=now)
    return [
        name
        for name, refusal in UPDATE_REQUEST_ACTIONS.items()
        if refusal(actor, update_request) is None
    ]
