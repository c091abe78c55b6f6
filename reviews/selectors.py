"""Reads of the review process: the facts the stage guards need, approvals, similar comments."""

import re

from django.db import connection
from django.db.models import F, Max, QuerySet
from django.utils import timezone

from consultation.models import Comment, CommentStatus, Consultation, Guideline, Stage
from consultation.rules import STANDING_OBJECTION
from consultation.selectors.comments import comments_visible_to
from consultation.similarity import similarity_keys

from . import states
from .models import Approval, ApprovalDecision, StageTransition
from .states import MAX_LISTED_IDS, TransitionFacts

# Comments at least this similar (0..1, trigram Jaccard) count as saying "the same thing".
# Campaign comments that differ by a greeting or a country name score 0.6-1.0; unrelated
# comments on the same guideline, sharing its vocabulary, stay under 0.35.
SIMILARITY_THRESHOLD = 0.5
SIMILAR_LIMIT = 100


def cycle_started_at(guideline: Guideline):
    """When the current review cycle began: the last return to drafting, else the creation."""
    last = (
        StageTransition.objects.filter(guideline=guideline, to_stage=Stage.DRAFTING)
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)
        .first()
    )
    return last


def cycle_starts_of(guideline_ids) -> dict:
    """{guideline id: when its current cycle began} for the guidelines that ever returned to
    drafting (the others are in their first cycle), in one query."""
    rows = (
        StageTransition.objects.filter(
            guideline_id__in=list(guideline_ids), to_stage=Stage.DRAFTING
        )
        .values("guideline_id")
        .annotate(last=Max("created_at"))
        .order_by()
    )
    return {row["guideline_id"]: row["last"] for row in rows}


def cycle_consultations(guideline: Guideline) -> QuerySet[Consultation]:
    """Consultations of the current cycle (created since the guideline last entered drafting)."""
    qs = Consultation.objects.filter(guideline=guideline)
    started = cycle_started_at(guideline)
    if started is not None:
        qs = qs.filter(created_at__gte=started)
    return qs


def cycle_comments(guideline: Guideline) -> QuerySet[Comment]:
    """Submitted comments of the current cycle's consultations."""
    return Comment.objects.filter(
        consultation__in=cycle_consultations(guideline), status=CommentStatus.SUBMITTED
    )


def approval_round(guideline: Guideline) -> int:
    """The current approval round: how many times the guideline has entered `approval`."""
    return StageTransition.objects.filter(guideline=guideline, to_stage=Stage.APPROVAL).count()


def approvals_current(guideline: Guideline) -> QuerySet[Approval]:
    """The standing decisions of the current approval round, oldest first."""
    return (
        Approval.objects.filter(guideline=guideline, round=approval_round(guideline))
        .select_related("approver")
        .order_by("created_at", "id")
    )


def transition_facts(guideline: Guideline, *, now=None) -> TransitionFacts:
    """Everything the guards of reviews.states need, in a handful of indexed queries."""
    now = now or timezone.now()
    consultations = list(cycle_consultations(guideline))
    open_ = tuple(
        (c.pk, c.effective_closes_at.isoformat())
        for c in consultations
        if c.effective_closes_at > now
    )
    comments = Comment.objects.filter(
        consultation__in=[c.pk for c in consultations], status=CommentStatus.SUBMITTED
    )
    unresolved = comments.filter(decision="")
    unresolved_ids = tuple(unresolved.order_by("id").values_list("id", flat=True)[:MAX_LISTED_IDS])
    unresolved_count = (
        len(unresolved_ids) if len(unresolved_ids) < MAX_LISTED_IDS else unresolved.count()
    )
    objections = tuple(
        comments.exclude(decision="")
        .filter(STANDING_OBJECTION)
        .order_by("id")
        .values_list("id", flat=True)
    )
    decisions = list(approvals_current(guideline).values_list("approver_id", "decision"))
    return TransitionFacts(
        has_version=guideline.versions.exists(),
        consultation_ids=tuple(c.pk for c in consultations),
        open_consultations=open_,
        unresolved_comment_ids=unresolved_ids,
        unresolved_count=unresolved_count,
        required_approvals=guideline.required_approvals,
        approvals=sum(1 for _, d in decisions if d == ApprovalDecision.APPROVE),
        objecting_approver_ids=tuple(a for a, d in decisions if d == ApprovalDecision.OBJECT),
        standing_objection_comment_ids=objections,
    )


def transition_preview(guideline: Guideline) -> dict:
    """The moves the table allows from the current stage, each with what blocks it now."""
    facts = transition_facts(guideline)
    return {
        "stage": guideline.stage,
        "moves": [
            {"to": to, "blockers": states.blockers_for(guideline.stage, to, facts)}
            for to in states.allowed_targets(guideline.stage)
        ],
    }


def transitions_of(guideline: Guideline) -> QuerySet[StageTransition]:
    """The guideline's stage log, newest first."""
    return (
        StageTransition.objects.filter(guideline=guideline)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def comments_answered_by(section_id: int, *, user, revision: int | None = None):
    """Comments the user may read whose disposition a revision of the section applied."""
    qs = comments_visible_to(user).filter(section_id=section_id, resolved_revision__isnull=False)
    if revision is not None:
        qs = qs.filter(resolved_revision=revision)
    return qs.order_by("resolved_revision", "id")


def comments_answered_between(user, spans: dict[int, tuple[int, int]]) -> dict[int, list[Comment]]:
    """{section id: comments} whose disposition a revision in (from, to] of that section
    applied, for every section of `spans` at once (one query): what a change answered."""
    if not spans:
        return {}
    answered: dict[int, list[Comment]] = {section_id: [] for section_id in spans}
    rows = (
        comments_visible_to(user)
        .filter(section_id__in=list(spans), resolved_revision__isnull=False)
        .select_related("organisation")
        .order_by("resolved_revision", "id")
    )
    for comment in rows:
        low, high = spans[comment.section_id]
        if low < comment.resolved_revision <= high:
            answered[comment.section_id].append(comment)
    return answered


# --- Similar comments --------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> set[str]:
    """The character trigrams of a text as PostgreSQL's pg_trgm forms them.

    Each lower-cased word is padded with two spaces in front and one behind, so that the
    Python fallback scores the same as `similarity()` on PostgreSQL.
    """
    grams = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    """Jaccard similarity of two texts' trigram sets (0 for two empty texts)."""
    return _jaccard(trigrams(a), trigrams(b))


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def comment_to_compare(user, pk: int) -> Comment:
    """The comment (consultation and body only) if the user may read it; else DoesNotExist."""
    return comments_visible_to(user).select_related(None).only("consultation", "body").get(pk=pk)


def comments_similar_to(comment: Comment, *, user, limit: int = SIMILAR_LIMIT) -> list[dict]:
    """Submitted comments of the same consultation, readable by `user`, that say nearly the same.

    Candidates share a similarity key with the comment (consultation.similarity: an index
    lookup); each is then scored by its exact trigram similarity, with pg_trgm's similarity()
    on PostgreSQL and the same computation in Python elsewhere.
    """
    keys = similarity_keys(comment.body)
    if not keys:
        return []
    # The key index alone, in a query of its own: given the consultation too, PostgreSQL ANDs
    # the key index with the consultation's (800,000 entries at 1M comments) and reads all of
    # it to drop a few rows.
    sharing = list(
        Comment.objects.filter(similarity_keys__overlap=keys).values_list("pk", flat=True)
    )
    candidates = (
        comments_visible_to(user)
        .filter(consultation_id=comment.consultation_id, status=CommentStatus.SUBMITTED)
        .filter(pk__in=sharing)
        .exclude(pk=comment.pk)
    )
    fields = ("id", "organisation_id", "organisation__name", "body")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        # The threshold is applied to the top rows here: in SQL, similarity() would run twice.
        ranked = (
            candidates.annotate(similarity=TrigramSimilarity("body", comment.body))
            .order_by(F("similarity").desc(), "id")
            .values(*fields, "similarity")[:limit]
        )
        found = [row for row in ranked if row["similarity"] >= SIMILARITY_THRESHOLD]
    else:
        found, mine = [], trigrams(comment.body)
        for row in candidates.values(*fields):
            score = _jaccard(mine, trigrams(row["body"]))
            if score >= SIMILARITY_THRESHOLD:
                found.append({**row, "similarity": score})
        found.sort(key=lambda r: (-r["similarity"], r["id"]))
        found = found[:limit]
    return [
        {
            "id": row["id"],
            "organisation": row["organisation_id"],
            "organisation_name": row["organisation__name"],
            "body": row["body"],
            "similarity": round(float(row["similarity"]), 3),
        }
        for row in found
    ]
