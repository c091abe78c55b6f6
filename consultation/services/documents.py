"""Writes of guidelines, sections and versions: locked, revision-checked and audited.

Every accepted write of a section bumps `revision` and leaves exactly one simple-history row
carrying the author and the change reason; a rejected write leaves nothing. Structure edits
lock the guideline row first, then the section, always in that order, so two of them cannot
deadlock or renumber the tree from two stale pictures.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import User
from common.conditional import check_revision
from common.errors import SectionHasChildren, SectionHasComments
from consultation.models import Comment, Guideline, Section, Version, VersionSection
from consultation.models.documents import SECTION_BODY_MAX_CHARS

from .comments import comments_reanchor
from .guidelines import guideline_create, guideline_update
from .section_text import section_text_write
from .structure import MAX_DEPTH, depth_of, is_descendant, renumber, subtree_height

__all__ = [
    "guideline_create",
    "guideline_update",
    "section_create",
    "section_delete",
    "section_edit",
    "section_move",
    "section_revert",
    "section_update",
    "version_freeze",
]

CHANGE_REASON_MAX_CHARS = 100  # simple-history's history_change_reason column
HEADING_MAX_CHARS = 500


class _Unset:
    """Marks a keyword the caller did not pass (None is a meaningful parent: the top level)."""

    def __repr__(self):
        return "UNSET"


UNSET = _Unset()


# --- validation shared by the services (the serializers check the same, earlier) -----------
def _clean_heading(heading: str) -> str:
    heading = (heading or "").strip()
    if not heading:
        raise ValidationError({"heading": [_("A section needs a heading.")]})
    if len(heading) > HEADING_MAX_CHARS:
        raise ValidationError(
            {
                "heading": [
                    _("Keep headings to %(limit)s characters (got %(length)s).")
                    % {"limit": HEADING_MAX_CHARS, "length": len(heading)}
                ]
            }
        )
    return heading


def _clean_body(body: str) -> str:
    # Line ends are stored as "\n" only: browsers send a textarea's as "\r\n" and read "\r\n"
    # back as one character, so anchors counted in the page would drift from the stored text.
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(body) > SECTION_BODY_MAX_CHARS:
        raise ValidationError(
            {
                "body": [
                    _(
                        "A section body holds at most %(limit)s characters (got "
                        "%(length)s); split it into subsections."
                    )
                    % {
                        "limit": format(SECTION_BODY_MAX_CHARS, ","),
                        "length": format(len(body), ","),
                    }
                ]
            }
        )
    return body


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > CHANGE_REASON_MAX_CHARS:
        raise ValidationError(
            {
                "change_reason": [
                    _("Keep the reason to %(CHANGE_REASON_MAX_CHARS)s characters.")
                    % {"CHANGE_REASON_MAX_CHARS": CHANGE_REASON_MAX_CHARS}
                ]
            }
        )
    return reason


def _reanchor(section_id: int, *, anchored: bool | None = None) -> None:
    # Comments store where their quote sits in the current text (the `anchor_state` filter
    # reads it), so the write that makes that stale refreshes it at once, in its transaction
    # on the locked path. `anchored` is known when the write already looked; otherwise one
    # query looks first.
    if anchored is False:
        return
    mine = Comment.objects.filter(section_id=section_id).exclude(anchor_quote="")
    if anchored or mine.exists():
        comments_reanchor(section=Section(pk=section_id))


def _audit(obj, user: User | None, reason: str) -> None:
    # Set here, not left to the middleware: services also run from commands and tasks.
    obj._history_user = user
    obj._change_reason = reason or None


# --- sections ----------------------------------------------------------------------------
def _lock_guideline(guideline_id: int) -> Guideline:
    return Guideline.objects.select_for_update().get(pk=guideline_id)


def _lock_section(section_id: int) -> Section:
    return get_object_or_404(Section.objects.select_for_update(), pk=section_id)


def _fresh_parent(parent: Section) -> Section:
    # Re-read under the guideline lock: its number (and so its depth) may have changed.
    fresh = Section.objects.filter(pk=parent.pk).first()
    if fresh is None:
        raise ValidationError(
            {"parent": [_("Section %(pk)s no longer exists.") % {"pk": parent.pk}]}
        )
    return fresh


def _check_parent(guideline: Guideline, parent: Section | None, *, height: int = 1) -> None:
    if parent is None:
        return
    if parent.guideline_id != guideline.pk:
        raise ValidationError(
            {"parent": [_("The parent must be a section of the same guideline.")]}
        )
    if depth_of(parent) + height - 1 > MAX_DEPTH:
        raise ValidationError(
            {
                "parent": [
                    _("Sections nest at most %(limit)s levels deep (as Markdown headings).")
                    % {"limit": MAX_DEPTH}
                ]
            }
        )


def _index_of(order: int | None) -> int | None:
    if order is None:
        return None
    if order < 1:
        raise ValidationError({"order": [_("Order is the 1-based position among siblings.")]})
    return order - 1


@transaction.atomic
def section_create(
    *,
    guideline: Guideline,
    user: User,
    heading: str,
    body: str = "",
    parent: Section | None = None,
    order: int | None = None,
    change_reason: str = "",
) -> Section:
    """Add a section at `order` (1-based, default last) under `parent`; renumbers the tree."""
    heading, body, reason = _clean_heading(heading), _clean_body(body), _clean_reason(change_reason)
    guideline = _lock_guideline(guideline.pk)
    if parent is not None:
        parent = _fresh_parent(parent)
    _check_parent(guideline, parent)
    section = Section(
        guideline=guideline,
        parent=parent,
        heading=heading,
        body=body,
        revision=1,
        updated_by=user,
    )
    renumber(guideline.pk, placed=section, index=_index_of(order))
    _audit(section, user, reason or "Section added")
    section.save()
    return section


def section_edit(
    *,
    section: Section,
    user: User,
    expected_revision: int,
    heading: str | None = None,
    body: str | None = None,
    parent: Section | _Unset | None = UNSET,
    order: int | None = None,
    change_reason: str = "",
) -> Section:
    """Change a section's text and/or place in one new revision, if `expected_revision` holds.

    Raises StaleRevision (412) and writes nothing when the section moved on since the caller
    read it. The row lock makes the check-then-write atomic across concurrent requests. On
    PostgreSQL a text-only edit is one statement, its own transaction (section_text.py); moves
    take the guideline lock and the locked path below.
    """
    if heading is not None:
        heading = _clean_heading(heading)
    if body is not None:
        body = _clean_body(body)
    reason = _clean_reason(change_reason)
    moving = parent is not UNSET or order is not None
    if not moving and connection.vendor == "postgresql":
        written = section_text_write(
            section_id=section.pk,
            expected_revision=expected_revision,
            heading=heading,
            body=body,
            user=user,
            reason=reason,
        )
        if written is not None:
            section, anchored = written
            _reanchor(section.pk, anchored=anchored)
            return section
    return _section_edit_locked(
        section=section,
        user=user,
        expected_revision=expected_revision,
        heading=heading,
        body=body,
        parent=parent,
        order=order,
        reason=reason,
    )


@transaction.atomic
def _section_edit_locked(
    *,
    section: Section,
    user: User,
    expected_revision: int,
    heading: str | None,
    body: str | None,
    parent: Section | _Unset | None,
    order: int | None,
    reason: str,
) -> Section:
    # Moves, SQLite, and writes the one-statement path found at another revision (404/412).
    moving = parent is not UNSET or order is not None
    if moving:
        _lock_guideline(section.guideline_id)
    locked = _lock_section(section.pk)
    check_revision(current=locked.revision, expected=expected_revision)

    if heading is not None:
        locked.heading = heading
    if body is not None:
        locked.body = body
    if moving:
        old_parent_id, index = locked.parent_id, _index_of(order)
        if parent is not UNSET:
            if parent is not None:
                parent = _fresh_parent(parent)
                if is_descendant(parent, locked):
                    raise ValidationError(
                        {"parent": [_("A section cannot move under itself or its subsections.")]}
                    )
            _check_parent(locked.guideline, parent, height=subtree_height(locked))
            locked.parent = parent
        if index is None and locked.parent_id == old_parent_id:
            index = locked.order - 1  # same parent, no order given: stay in place
        renumber(locked.guideline_id, placed=locked, index=index)
    locked.revision += 1
    locked.updated_by = user
    _audit(locked, user, reason)
    locked.save()
    _reanchor(locked.pk)
    return locked


def section_update(
    *,
    section: Section,
    user: User,
    expected_revision: int,
    heading: str | None = None,
    body: str | None = None,
    change_reason: str = "",
) -> Section:
    """Change a section's heading and/or body as a new revision (412 if the revision is stale)."""
    return section_edit(
        section=section,
        user=user,
        expected_revision=expected_revision,
        heading=heading,
        body=body,
        change_reason=change_reason,
    )


def section_move(
    *,
    section: Section,
    user: User,
    expected_revision: int,
    parent: Section | _Unset | None = UNSET,
    order: int | None = None,
    change_reason: str = "",
) -> Section:
    """Re-parent and/or reorder a section as a new revision; the whole tree is renumbered."""
    return section_edit(
        section=section,
        user=user,
        expected_revision=expected_revision,
        parent=parent,
        order=order,
        change_reason=change_reason,
    )


@transaction.atomic
def section_delete(
    *,
    section: Section,
    user: User,
    expected_revision: int | None = None,
    change_reason: str = "",
) -> None:
    """Delete a leaf section without comments; history keeps every revision and the deletion.

    Raises SectionHasChildren / SectionHasComments (409). Versions keep their frozen copy.
    """
    reason = _clean_reason(change_reason)
    _lock_guideline(section.guideline_id)
    locked = _lock_section(section.pk)
    if expected_revision is not None:
        check_revision(current=locked.revision, expected=expected_revision)
    if locked.children.exists():
        raise SectionHasChildren(
            _("Section %(number)s has subsections; move or delete them first.")
            % {"number": locked.number}
        )
    if locked.comments.exists():
        raise SectionHasComments(
            _("Section %(number)s has comments, so it cannot be deleted; edit its text instead.")
            % {"number": locked.number}
        )
    guideline_id = locked.guideline_id
    locked.updated_by = user
    _audit(locked, user, reason or "Section deleted")
    locked.delete()
    renumber(guideline_id)


@transaction.atomic
def section_revert(
    *,
    section: Section,
    user: User,
    revision: int,
    change_reason: str = "",
    expected_revision: int | None = None,
) -> Section:
    """Make a new revision whose heading and body are those of `revision`; history only grows.

    The section's place in the tree is not reverted: structure is edited with section_move.
    """
    reason = _clean_reason(change_reason) or f"Reverted to revision {revision}"
    locked = _lock_section(section.pk)
    if expected_revision is not None:
        check_revision(current=locked.revision, expected=expected_revision)
    old = (
        locked.history.filter(revision=revision)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if old is None:
        raise ValidationError(
            {
                "revision": [
                    _("No revision %(revision)s; this section has revisions 1 to %(last)s.")
                    % {"revision": revision, "last": locked.revision}
                ]
            }
        )
    locked.heading, locked.body = old.heading, old.body
    locked.revision += 1
    locked.updated_by = user
    _audit(locked, user, reason)
    locked.save()
    _reanchor(locked.pk)
    return locked


# --- versions ----------------------------------------------------------------------------
@transaction.atomic
def version_freeze(*, guideline: Guideline, label: str, user: User | None) -> Version:
    """Freeze the current revision of every section under `label`, text copied byte for byte.

    The guideline lock keeps structure edits out while the tree is read; the single SELECT
    sees one consistent snapshot of concurrent text edits.
    """
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": [_("Name the version, e.g. 'Draft 2'.")]})
    if len(label) > 200:
        raise ValidationError({"label": [_("Keep the label to 200 characters.")]})
    guideline = _lock_guideline(guideline.pk)
    if guideline.versions.filter(label=label).exists():
        raise ValidationError(
            {
                "label": [
                    _("This guideline already has a version labelled %(label)s.")
                    % {"label": repr(label)}
                ]
            }
        )
    try:
        with transaction.atomic():
            version = Version.objects.create(guideline=guideline, label=label, created_by=user)
    except IntegrityError as exc:  # a concurrent freeze took the label first
        raise ValidationError(
            {
                "label": [
                    _("This guideline already has a version labelled %(label)s.")
                    % {"label": repr(label)}
                ]
            }
        ) from exc
    sections = Section.objects.filter(guideline=guideline).order_by("sort_key")
    VersionSection.objects.bulk_create(
        [
            VersionSection(
                version=version,
                section=section,
                section_key=section.pk,
                parent_key=section.parent_id,
                position=position,
                revision=section.revision,
                number=section.number,
                heading=section.heading,
                body=section.body,
            )
            for position, section in enumerate(sections, start=1)
        ],
        batch_size=200,
    )
    return version
