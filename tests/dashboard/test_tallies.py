"""The tallies stay equal to the comment table whatever the write path; rebuild and repair."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from accounts.models import OrganisationKind
from consultation.models import Comment, CommentStatus, CommentType, Decision
from consultation.services.comments import comment_create, comment_submit, comment_withdraw
from reviews.dashboard import triggers
from reviews.dashboard.selectors import dashboard_summary
from reviews.dashboard.services import dashboard_drift, dashboard_rebuild
from reviews.models import CommentTally
from reviews.services.comments import (
    comment_assign,
    comment_resolve,
    comment_respond,
    comment_settle,
    comments_resolve,
)
from tests.factories import CommentFactory, UserFactory

from .builders import (
    assert_dashboard_matches,
    editors,
    expected_dashboard,
    make_guideline,
    make_organisations,
)

pytestmark = pytest.mark.django_db


def assert_consistent(*consultations):
    """No drift, and the dashboard equals counts made from the comment rows."""
    assert dashboard_drift() == {}
    expected = expected_dashboard(consultations)
    summary = dashboard_summary()
    entries = {g["id"]: g for g in summary["guidelines"]}
    for guideline_id, figures in expected.items():
        assert_dashboard_matches(entries[guideline_id], figures)


@pytest.fixture
def world():
    organisations = make_organisations(6)
    team = editors(2)
    guideline, consultation = make_guideline(organisations, team, comments=10)
    guideline.editors.add(*team)
    delegate = UserFactory(roles=["delegate"], organisation=organisations[0])
    coordinator = UserFactory(roles=["coordinator"])
    return {
        "organisations": organisations,
        "editors": team,
        "guideline": guideline,
        "consultation": consultation,
        "delegate": delegate,
        "coordinator": coordinator,
    }


def test_tallies_follow_the_services(world):
    consultation, delegate = world["consultation"], world["delegate"]
    editor, coordinator = world["editors"][0], world["coordinator"]
    section = world["guideline"].sections.first()
    assert_consistent(consultation)

    drafts = [
        comment_create(
            user=delegate,
            consultation=consultation,
            type=CommentType.TECHNICAL,
            body=f"Point {i}: the reporting channel for children should be named.",
            section=section,
        )
        for i in range(4)
    ]
    assert_consistent(consultation)
    for draft in drafts:
        comment_submit(user=delegate, comment=draft)
    comment_withdraw(user=delegate, comment=drafts[3])
    assert_consistent(consultation)

    due = timezone.now() + dt.timedelta(days=1)
    for comment in drafts[:3]:
        comment_assign(comment=comment, editor=editor, user=coordinator, due_at=due)
    # A day later the assignments are overdue.
    Comment.objects.filter(pk__in=[c.pk for c in drafts[:3]]).update(due_at=due - dt.timedelta(2))
    assert_consistent(consultation)

    comment_resolve(comment=drafts[0], user=editor, decision=Decision.ACCEPTED)
    comment_resolve(
        comment=drafts[0],
        user=editor,
        decision=Decision.REJECTED,
        rationale="Out of scope for this guideline.",
        reopen=True,
    )
    comments_resolve(
        comment_ids=[drafts[1].pk, drafts[2].pk],
        user=editor,
        decision=Decision.NOTED,
        rationale="Taken into account in the next draft.",
    )
    assert_consistent(consultation)

    comment_respond(comment=drafts[0], user=delegate, response="objection", note="We disagree.")
    comment_respond(comment=drafts[1], user=delegate, response="objection", note="Not enough.")
    assert_consistent(consultation)
    comment_settle(comment=drafts[0], user=coordinator, outcome="overruled", reason="Agreed.")
    comment_settle(comment=drafts[1], user=coordinator, outcome="upheld", reason="Fair point.")
    assert_consistent(consultation)
    entry = dashboard_summary(consultation_id=consultation.pk)["guidelines"][0]
    assert drafts[0].pk not in entry["standing_objections"]
    assert drafts[1].pk not in entry["standing_objections"]


def test_tallies_follow_bulk_and_queryset_paths(world):
    consultation, organisations = world["consultation"], world["organisations"]
    section = world["guideline"].sections.first()
    team = world["editors"]

    # An import: one INSERT statement for many rows.
    Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            section=section if i % 2 else None,
            organisation=organisations[i % len(organisations)],
            type=CommentType.values[i % 3],
            body=f"Imported comment {i} on age-appropriate design.",
            status=CommentStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for i in range(25)
    )
    assert_consistent(consultation)

    # Batch assignment and resolution through queryset updates.
    submitted = Comment.objects.filter(consultation=consultation, status="submitted")
    submitted.filter(decision="").update(assignee=team[1], due_at=timezone.now())
    assert_consistent(consultation)
    ids = list(submitted.values_list("pk", flat=True)[:7])
    Comment.objects.filter(pk__in=ids).update(decision=Decision.DUPLICATE)
    assert_consistent(consultation)
    # Reopening.
    Comment.objects.filter(pk__in=ids[:3]).update(decision="")
    # An edit that changes no counted field.
    Comment.objects.filter(pk__in=ids).update(body="Reworded.")
    assert_consistent(consultation)

    # Deletions, one by one and in bulk.
    Comment.objects.filter(pk=ids[0]).first().delete()
    Comment.objects.filter(pk__in=ids[1:5]).delete()
    assert_consistent(consultation)

    # An organisation changes kind: its comments move with it.
    moved = organisations[0]
    moved.kind = OrganisationKind.CIVIL_SOCIETY
    moved.country = ""
    moved.save()
    assert_consistent(consultation)

    # An assignee leaves: SET_NULL empties the assignment, and the editor's queue.
    team[1].delete()
    assert_consistent(consultation)


def test_tallies_per_consultation_stay_apart(world):
    _, other = make_guideline(world["organisations"], world["editors"], seed=3)
    CommentFactory.create_batch(
        4, consultation=other, organisation=world["organisations"][2], status="submitted"
    )

    assert_consistent(world["consultation"], other)


def test_rebuild_command_repairs_drift(world):
    CommentTally.objects.filter(status="submitted").update(n=999)
    assert dashboard_drift()

    with pytest.raises(CommandError):
        call_command("dashboard_rebuild", "--check")
    call_command("dashboard_rebuild")

    assert_consistent(world["consultation"])
    call_command("dashboard_rebuild", "--check")


def test_ensure_reinstalls_missing_triggers(world):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL refuses DDL while the test transaction has deferred checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in triggers.uninstall_statements(connection.vendor):
            cursor.execute(statement)
    assert triggers.installed_triggers() == set()
    # Written while nothing counted: ensure() must rebuild, not only reinstall.
    CommentFactory.create_batch(
        3,
        consultation=world["consultation"],
        organisation=world["organisations"][1],
        status="submitted",
    )

    assert triggers.ensure() is True

    assert triggers.installed_triggers() == set(triggers.TRIGGER_NAMES)
    assert triggers.ensure() is False
    assert_consistent(world["consultation"])


def test_rebuild_service_is_idempotent(world):
    dashboard_rebuild()
    dashboard_rebuild()

    assert_consistent(world["consultation"])
