"""The section tree of a guideline: derived numbers and sort keys, placement, depth limits."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from consultation.clause_order import comments_reorder
from consultation.models import Section

# Markdown has six heading levels; keeping the tree as deep keeps import and export lossless.
MAX_DEPTH = 6
SORT_KEY_WIDTH = 4  # "0002.0013": one ORDER BY sort_key gives document order
MAX_SIBLINGS = 10**SORT_KEY_WIDTH


def sort_key_of(path: list[int]) -> str:
    """The zero-padded sort key of a position path like [2, 13]."""
    return ".".join(f"{n:0{SORT_KEY_WIDTH}d}" for n in path)


def number_of(path: list[int]) -> str:
    """The display number of a position path like [2, 13] -> "2.13"."""
    return ".".join(str(n) for n in path)


def renumber(guideline_id: int, *, placed: Section | None = None, index: int | None = None):
    """Recompute order, number and sort_key of every section of a guideline in one pass.

    `placed` (new or moved, with its new parent set but not yet saved) goes to 0-based `index`
    among its siblings (the end when None); the others keep their relative order. The others'
    derived fields are written with bulk_update: they are not writes of their text, so they add
    no revision and no history row. `placed` gets its fields set in memory and the caller saves
    it, so its history row shows where it landed. The comments of every section that moved get
    their new clause keys (consultation.clause_order).
    """
    sections = [
        s
        for s in Section.objects.filter(guideline_id=guideline_id).only(
            "id", "parent_id", "order", "number", "sort_key"
        )
        if placed is None or s.pk != placed.pk
    ]
    keys_before = {s.pk: s.sort_key for s in sections}
    children = defaultdict(list)
    for section in sections:
        children[section.parent_id].append(section)
    for siblings in children.values():
        siblings.sort(key=lambda s: (s.order, s.pk))
    if placed is not None:
        siblings = children[placed.parent_id]
        at = len(siblings) if index is None else max(0, min(index, len(siblings)))
        siblings.insert(at, placed)
        if len(siblings) >= MAX_SIBLINGS:  # the sort key has room for 9,999 per level
            message = _("A level holds at most %(value)s sections.") % {"value": MAX_SIBLINGS - 1}
            raise ValidationError({"order": [message]})

    changed = []
    stack = [(child, [pos]) for pos, child in enumerate(children[None], start=1)]
    stack.reverse()
    while stack:
        section, path = stack.pop()
        order, number, key = path[-1], number_of(path), sort_key_of(path)
        if (section.order, section.number, section.sort_key) != (order, number, key):
            section.order, section.number, section.sort_key = order, number, key
            if section is not placed:
                changed.append(section)
        kids = children.get(section.pk, []) if section.pk is not None else []
        stack.extend((kid, [*path, pos]) for pos, kid in reversed(list(enumerate(kids, 1))))
    if changed:
        Section.objects.bulk_update(changed, ["order", "number", "sort_key"], batch_size=500)
    moved = [s for s in changed if s.sort_key != keys_before[s.pk]]
    if placed is not None and placed.pk is not None:
        moved.append(placed)
    comments_reorder(guideline_id, moved)


def depth_of(parent: Section | None) -> int:
    """How deep a child of `parent` would sit (1 for a top-level section)."""
    return 1 if parent is None else parent.number.count(".") + 2


def subtree_height(section: Section) -> int:
    """Levels in the subtree rooted at `section` (1 for a leaf), from the derived numbers."""
    prefix = section.sort_key + "."
    keys = Section.objects.filter(
        guideline_id=section.guideline_id, sort_key__startswith=prefix
    ).values_list("sort_key", flat=True)
    base = section.sort_key.count(".")
    return 1 + max((k.count(".") - base for k in keys), default=0)


def is_descendant(candidate: Section, of: Section) -> bool:
    """True if `candidate` lies in the subtree of `of` (or is `of`)."""
    return candidate.pk == of.pk or candidate.sort_key.startswith(of.sort_key + ".")
