"""A varied review dataset for the dashboard tests, and the figures counted independently."""

import datetime as dt
import itertools
from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from consultation.models import Comment, CommentStatus, CommentType, Consultation, Decision
from tests.factories import (
    CommentFactory,
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)

KINDS = [k for k in OrganisationKind.values if k != OrganisationKind.SECRETARIAT]


def make_organisations(count: int = 8) -> list[Organisation]:
    """Organisations of every kind but the secretariat, member states with a country."""
    return [
        OrganisationFactory(
            kind=kind, country="KE" if kind == OrganisationKind.MEMBER_STATE else ""
        )
        for kind in itertools.islice(itertools.cycle(KINDS), count)
    ]


def make_guideline(organisations, editors, *, seed: int = 0, invited_kinds=None, comments=12):
    """A guideline with three sections, an open consultation and a mix of comments.

    The mix varies with `seed`: statuses, types, decisions, assignments (some overdue),
    responses (some standing objections, one settled), and one general comment.
    """
    guideline = GuidelineFactory()
    sections = [SectionFactory(guideline=guideline) for _ in range(3)]
    consultation = ConsultationFactory(
        version=VersionFactory(guideline=guideline),
        invited_kinds=[OrganisationKind.MEMBER_STATE] if invited_kinds is None else invited_kinds,
    )
    # One organisation invited by name on top of the invited kinds.
    consultation.invited_organisations.add(organisations[1])
    now = timezone.now()
    statuses = [CommentStatus.SUBMITTED] * 4 + [CommentStatus.DRAFT, CommentStatus.WITHDRAWN]
    decisions = ["", "", *Decision.values]
    # Only the first few organisations comment, so that the invited others stay silent.
    speakers = organisations[: max(2, len(organisations) // 2)]
    for i in range(comments):
        k = i + seed
        status = statuses[k % len(statuses)]
        decision = decisions[k % len(decisions)] if status == CommentStatus.SUBMITTED else ""
        assignee = (
            editors[k % len(editors)] if status == CommentStatus.SUBMITTED and k % 3 else None
        )
        due_at = None
        if assignee is not None:
            # Odd ones overdue by 1 to 5 days, even ones due in 5 days.
            due_at = now + dt.timedelta(days=-(k % 5 + 1) if k % 2 else 5)
        response = settlement = ""
        if decision and k % 4 == 0:
            response = "objection"
            settlement = "overruled" if k % 8 == 0 else ""
        elif decision and k % 4 == 1:
            response = "satisfied"
        CommentFactory(
            consultation=consultation,
            section=None if k % 7 == 0 else sections[k % len(sections)],
            organisation=speakers[k % len(speakers)],
            type=CommentType.values[k % 3],
            status=status,
            submitted_at=now if status != CommentStatus.DRAFT else None,
            decision=decision,
            rationale="Recorded in the review meeting." if decision else "",
            assignee=assignee,
            due_at=due_at,
            response=response,
            settlement=settlement,
        )
    return guideline, consultation


def editors(count: int = 2):
    return [UserFactory(roles=["editor"]) for _ in range(count)]


def expected_dashboard(consultations, now=None) -> dict[int, dict]:
    """The dashboard figures per guideline id, counted in Python from the comment rows."""
    now = now or timezone.now()
    ids = [c.pk for c in consultations]
    comments = list(
        Comment.objects.filter(consultation_id__in=ids).select_related(
            "organisation", "consultation", "assignee"
        )
    )
    by_guideline: dict[int, dict] = defaultdict(
        lambda: {
            "by_status": Counter(),
            "by_type": Counter(),
            "by_decision": Counter(),
            "by_organisation_kind": Counter(),
            "editors": Counter(),
            "overdue": [],
            "objections": [],
            "coverage": defaultdict(Counter),
            "speakers": set(),
        }
    )
    for c in comments:
        e = by_guideline[c.consultation.guideline_id]
        e["by_status"][c.status] += 1
        if c.status == CommentStatus.SUBMITTED:
            e["by_type"][c.type] += 1
            e["by_decision"][c.decision or "unresolved"] += 1
            e["by_organisation_kind"][c.organisation.kind] += 1
            e["coverage"][c.section_id][c.organisation.kind] += 1
            e["speakers"].add((c.consultation_id, c.organisation_id))
            if c.assignee_id and not c.decision:
                e["editors"][c.assignee.username] += 1
                if c.due_at and c.due_at < now:
                    e["overdue"].append(c.pk)
        if c.response == "objection" and not c.settlement:
            e["objections"].append(c.pk)
    for consultation in Consultation.objects.filter(pk__in=ids):
        e = by_guideline[consultation.guideline_id]
        invited = set(consultation.invited_organisations.values_list("pk", flat=True))
        invited |= set(
            Organisation.objects.filter(kind__in=consultation.invited_kinds).values_list(
                "pk", flat=True
            )
        )
        e.setdefault("silent", set())
        e["silent"] |= {
            (consultation.pk, org) for org in invited if (consultation.pk, org) not in e["speakers"]
        }
    return by_guideline


def assert_dashboard_matches(entry: dict, expected: dict) -> None:
    """Every figure of one guideline's dashboard entry equals the independent count."""
    comments = entry["comments"]
    assert comments["by_status"] == {s: expected["by_status"][s] for s in CommentStatus.values}
    assert comments["by_type"] == {t: expected["by_type"][t] for t in CommentType.values}
    assert comments["by_decision"] == {
        d: expected["by_decision"][d] for d in [*Decision.values, "unresolved"]
    }
    assert comments["by_organisation_kind"] == {
        k: expected["by_organisation_kind"][k] for k in OrganisationKind.values
    }
    submitted = sum(expected["by_type"].values())
    resolved = submitted - expected["by_decision"]["unresolved"]
    assert comments["submitted"] == submitted
    assert comments["resolved"] == resolved
    if submitted:
        assert comments["share_resolved"] == pytest.approx(resolved / submitted, abs=1e-4)
    else:
        assert comments["share_resolved"] is None
    assert {e["username"]: e["count"] for e in entry["unresolved_per_editor"]} == dict(
        expected["editors"]
    )
    assert sorted(o["comment"] for o in entry["overdue_assignments"]) == sorted(expected["overdue"])
    assert entry["overdue_total"] == len(expected["overdue"])
    assert sorted(entry["standing_objections"]) == sorted(expected["objections"])
    coverage = {c["section"]: c["by_organisation_kind"] for c in entry["coverage"]}
    for section, counts in expected["coverage"].items():
        assert coverage[section] == {k: counts[k] for k in OrganisationKind.values}
    # Sections nobody commented on are listed with zeros.
    for section, counts in coverage.items():
        if section not in expected["coverage"]:
            assert set(counts.values()) == {0}
    assert {(o["consultation"], o["id"]) for o in entry["silent_organisations"]} == expected[
        "silent"
    ]
