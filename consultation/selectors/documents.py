"""Reads of guidelines, sections, their history and versions: one queryset per question.

Every authenticated user reads guidelines, sections, history, diffs and versions (the live
text is public inside the platform), so these selectors take no user; the views require
authentication.
"""

import difflib

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from common.ids import MAX_ID
from common.prepared import prepared_rows
from consultation.diffing import text_diff
from consultation.models import Guideline, Section, Version, VersionSection

_LARGEST_REVISION = 2**31 - 1  # Section.revision is a PositiveIntegerField
_REVISION_TEXTS = f"""
SELECT "revision", "heading", "body" FROM "{Section.history.model._meta.db_table}"
WHERE "id" = %s AND "revision" IN (%s, %s) AND "history_type" <> '-'
ORDER BY "revision", "history_date" DESC, "history_id" DESC
"""


def guidelines_list() -> QuerySet[Guideline]:
    """Every guideline with its editor ids prefetched (two queries for any page)."""
    editors = Prefetch("editors", queryset=User.objects.only("id").order_by("id"))
    return Guideline.objects.prefetch_related(editors).order_by("id")


def sections_list(*, guideline_id: int | None = None) -> QuerySet[Section]:
    """Sections in document order, optionally of one guideline."""
    qs = Section.objects.order_by("guideline_id", "sort_key")
    if guideline_id is not None:
        qs = qs.filter(guideline_id=guideline_id)
    return qs


def section_history(section: Section) -> QuerySet:
    """Every revision of a section, newest first, with its author."""
    return (
        section.history.exclude(history_type="-")
        .select_related("history_user")
        .order_by("-revision", "-history_date", "-history_id")
    )


def section_revision(section_id: int, revision: int, *, field: str = "revision"):
    """The history row of one revision of a section; 400 on `field` when there is none."""
    row = (
        Section.history.filter(id=section_id, revision=revision)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if row is None:
        latest = (
            Section.history.filter(id=section_id).order_by("-revision").values("revision").first()
        )
        last = latest["revision"] if latest else 0
        raise ValidationError(
            {
                field: [
                    _("No revision %(revision)s; this section has revisions 1 to %(last)s.")
                    % {"revision": revision, "last": last}
                ]
            }
        )
    return row


def section_text_at(section_id: int, revision: int) -> str:
    """The body of a section as it was at `revision` (what comments anchor into)."""
    return section_revision(section_id, revision).body


def section_for_reading(section_id: int) -> Section:
    """The section's id, revision and guideline (Section.DoesNotExist if none), its SQL compiled
    once: the diff reads its texts from the history and needs no more of the live row."""
    rows = (
        prepared_rows(
            "section for reading",
            lambda v: Section.objects.filter(pk=v["id"]).values("revision", "guideline_id"),
            {"id": section_id},
        )
        if section_id <= MAX_ID
        else []
    )
    if not rows:
        raise Section.DoesNotExist
    return Section(pk=section_id, **rows[0])


def section_diff(section: Section, *, from_revision: int, to_revision: int) -> dict:
    """The change between two revisions: {from, to, heading, unified, changes}."""
    texts = _revision_texts(section.pk, from_revision, to_revision)
    if from_revision not in texts or to_revision not in texts:
        # The same 400 as a lookup of each revision, naming the first that is missing.
        section_revision(section.pk, from_revision, field="from")
        section_revision(section.pk, to_revision, field="to")
    (old_heading, old_body), (new_heading, new_body) = texts[from_revision], texts[to_revision]
    return {
        "from": from_revision,
        "to": to_revision,
        "heading": {"from": old_heading, "to": new_heading},
        **text_diff(old_body, new_body, from_label=f"r{from_revision}", to_label=f"r{to_revision}"),
    }


def _revision_texts(section_id: int, *revisions: int) -> dict[int, tuple[str, str]]:
    """{revision: (heading, body)} of the two revisions as section_revision reads them, at once.

    Plain SQL: for two rows, building and compiling the ORM query cost more than running it.
    """
    if max(revisions) > _LARGEST_REVISION:
        return {}  # no such revision; SQLite would not even take the number
    with connection.cursor() as cursor:
        cursor.execute(_REVISION_TEXTS, [section_id, *revisions])
        rows = cursor.fetchall()
    texts: dict[int, tuple[str, str]] = {}
    for revision, heading, body in rows:  # newest history row of each revision first
        texts.setdefault(revision, (heading, body))
    return texts


def versions_list(*, guideline_id: int | None = None) -> QuerySet[Version]:
    """Versions, oldest first, with which revision of each section they froze (no texts)."""
    qs = Version.objects.prefetch_related(
        Prefetch(
            "sections",
            queryset=VersionSection.objects.only(
                "id", "version_id", "section_key", "revision", "position"
            ).order_by("position"),
        )
    ).order_by("guideline_id", "created_at", "id")
    if guideline_id is not None:
        qs = qs.filter(guideline_id=guideline_id)
    return qs


def version_detail() -> QuerySet[Version]:
    """Versions with their full frozen text in document order."""
    return Version.objects.prefetch_related(
        Prefetch("sections", queryset=VersionSection.objects.order_by("position"))
    )


def _depths(frozen: list[VersionSection]) -> dict[int, int]:
    depth: dict[int, int] = {}
    for row in frozen:  # document order: a parent comes before its children
        depth[row.section_key] = depth.get(row.parent_key, 0) + 1 if row.parent_key else 1
    return depth


def version_sections_with_depth(version: Version) -> list[tuple[VersionSection, int]]:
    """The frozen sections of a version in document order with their depth (1 = top)."""
    frozen = list(version.sections.all())
    depth = _depths(frozen)
    return [(row, depth[row.section_key]) for row in frozen]


def _moved_keys(old: dict[int, VersionSection], new: dict[int, VersionSection]) -> set[int]:
    """Sections that changed parent, or whose order among surviving siblings changed."""
    moved = {key for key in old.keys() & new.keys() if old[key].parent_key != new[key].parent_key}
    parents = {row.parent_key for row in old.values()} | {row.parent_key for row in new.values()}
    for parent in parents:
        a = [k for k, r in old.items() if r.parent_key == parent and k in new and k not in moved]
        b = [k for k, r in new.items() if r.parent_key == parent and k in old and k not in moved]
        a.sort(key=lambda k: old[k].position)
        b.sort(key=lambda k: new[k].position)
        kept = set()
        for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            kept.update(a[block.a : block.a + block.size])
        moved.update(k for k in a if k not in kept)
    return moved


def _in_order(keys, rows: dict[int, VersionSection]) -> list[int]:
    return sorted(keys, key=lambda k: rows[k].position)


def _frozen_summary(row: VersionSection) -> dict:
    return {
        "section": row.section_key,
        "number": row.number,
        "heading": row.heading,
        "revision": row.revision,
        "body": row.body,
    }


def version_compare(old_version: Version, new_version: Version) -> dict:
    """What changed between two versions: changed, added, removed and moved sections."""
    old = {row.section_key: row for row in old_version.sections.all()}
    new = {row.section_key: row for row in new_version.sections.all()}
    moved = _moved_keys(old, new)
    changed = []
    for key in sorted(old.keys() & new.keys(), key=lambda k: new[k].position):
        a, b = old[key], new[key]
        if (a.heading, a.body) == (b.heading, b.body):
            continue
        changed.append(
            {
                "section": key,
                "number": {"from": a.number, "to": b.number},
                "heading": {"from": a.heading, "to": b.heading},
                "revision": {"from": a.revision, "to": b.revision},
                **text_diff(
                    a.body, b.body, from_label=old_version.label, to_label=new_version.label
                ),
            }
        )
    return {
        "from": old_version.pk,
        "to": new_version.pk,
        "changed": changed,
        "added": [
            _frozen_summary(new[k])
            for k in sorted(new.keys() - old.keys(), key=lambda k: new[k].position)
        ],
        "removed": [
            _frozen_summary(old[k])
            for k in sorted(old.keys() - new.keys(), key=lambda k: old[k].position)
        ],
        "moved": [
            {
                "section": k,
                "heading": new[k].heading,
                "number": {"from": old[k].number, "to": new[k].number},
                "parent": {"from": old[k].parent_key, "to": new[k].parent_key},
            }
            for k in sorted(moved, key=lambda k: new[k].position)
        ],
        "unchanged": sum(
            1
            for k in old.keys() & new.keys()
            if k not in moved and (old[k].heading, old[k].body) == (new[k].heading, new[k].body)
        ),
    }
