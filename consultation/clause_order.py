"""Clause order: the key that sorts a guideline's comments by their section's place in the text
(2 < 10 < 10.1 < 10.2.1), copied onto each comment so that one index pages through it."""

from django.db import models
from django.db.models import Case, Value, When

# The section's sort key ("0002.0010") behind its guideline's id: each guideline's comments lie
# together in the index, in document order.
GUIDELINE_WIDTH = 10
REORDER_BATCH = 500


def clause_key(guideline_id: int, sort_key: str) -> str:
    """The clause key of a comment on a section of `guideline_id` with `sort_key`."""
    return f"{guideline_id:0{GUIDELINE_WIDTH}d}.{sort_key}"


class ClauseKeyField(models.CharField):
    """The clause key of the comment's section ("" without a section), derived on every ORM
    insert and save from the section the instance holds. Writes that set only `section_id`,
    COPY and queryset updates fill it with `clause_keys_of`; renumbering the sections calls
    `comments_reorder`."""

    def pre_save(self, model_instance, add):
        section_field = model_instance._meta.get_field("section")
        if model_instance.section_id is None:
            value = ""
        elif section_field.is_cached(model_instance):
            section = model_instance.section
            value = clause_key(section.guideline_id, section.sort_key)
        else:
            value = getattr(model_instance, self.attname) or ""
        setattr(model_instance, self.attname, value)
        return value


def clause_keys_of(section_ids) -> dict[int, str]:
    """{section id: clause key} of the given sections, in one query."""
    from consultation.models import Section

    rows = Section.objects.filter(pk__in=set(section_ids) - {None})
    return {
        pk: clause_key(guideline, key)
        for pk, guideline, key in rows.values_list("pk", "guideline_id", "sort_key")
    }


def comments_reorder(guideline_id: int, sections) -> None:
    """Give the comments of `sections` of the guideline (whose sort keys changed, in memory or
    saved) their new clause keys: one UPDATE per REORDER_BATCH sections, no history and
    `updated_at` unchanged (a renumbering is not a change of the comments)."""
    from consultation.models import Comment

    sections = [s for s in sections if s.pk is not None]
    for start in range(0, len(sections), REORDER_BATCH):
        batch = sections[start : start + REORDER_BATCH]
        Comment.objects.filter(section_id__in=[s.pk for s in batch]).update(
            clause_key=Case(
                *(
                    When(section_id=s.pk, then=Value(clause_key(guideline_id, s.sort_key)))
                    for s in batch
                ),
                default=Value(""),
            )
        )
