"""Every event reaches the right people and nobody else (README "Notifications and email").

State is set up through the real services of the consultation and reviews apps; the
assertions read who received a notification (and, for one event, an email).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.models import OrganisationKind
from consultation.reminders import send_due_reminders
from consultation.services.comments import comment_create, comment_submit, reply_create
from consultation.services.consultations import consultation_close, consultation_create
from consultation.services.update_requests import update_request_file
from notifications.models import Notification, ReminderMark
from notifications.tasks import run_reminders
from reviews.services import comment_assign, comment_resolve, guideline_transition
from tests.factories import (
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    guideline = GuidelineFactory(title="Guidelines for industry on child online protection")
    section = SectionFactory(guideline=guideline)
    version = VersionFactory(guideline=guideline)
    kenya = OrganisationFactory(name="Kenya", country="KE")
    chile = OrganisationFactory(name="Chile", country="CL")
    ngo = OrganisationFactory(name="Safe Kids Network", kind=OrganisationKind.CIVIL_SOCIETY)
    editor, other_editor = UserFactory(roles=["editor"]), UserFactory(roles=["editor"])
    guideline.editors.add(editor)
    return SimpleNamespace(
        guideline=guideline,
        section=section,
        version=version,
        kenya=kenya,
        chile=chile,
        ngo=ngo,
        kenyans=[UserFactory(roles=["delegate"], organisation=kenya) for _ in range(2)],
        chilean=UserFactory(roles=["delegate"], organisation=chile),
        activist=UserFactory(roles=["delegate"], organisation=ngo),
        editor=editor,
        other_editor=other_editor,
        coordinator=UserFactory(roles=["coordinator"]),
        superuser=UserFactory(is_superuser=True),
        approver=UserFactory(roles=["approver"]),
    )


@pytest.fixture
def consultation(world):
    return ConsultationFactory(version=world.version, guideline=world.guideline)


@pytest.fixture
def kenyan_comment(world, consultation):
    author = world.kenyans[0]
    comment = comment_create(
        user=author,
        consultation=consultation,
        type="technical",
        body="Say which team reviews the default privacy settings, and how often.",
        section=world.section,
    )
    return comment_submit(user=author, comment=comment)


def told(verb, **where) -> set[int]:
    return set(
        Notification.objects.filter(verb=verb, **where).values_list("recipient_id", flat=True)
    )


def ids(*users) -> set[int]:
    return {user.pk for user in users}


def test_comment_resolved_tells_the_commenting_organisation_only(
    world, kenyan_comment, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_resolve(
            comment=kenyan_comment,
            user=world.editor,
            decision="rejected",
            rationale="The section already names the accountable team in 4.1.",
        )
    assert told("comment_resolved") == ids(*world.kenyans)
    notification = Notification.objects.filter(verb="comment_resolved").first()
    assert (notification.target_type, notification.target_id) == ("comment", kenyan_comment.pk)
    assert "rejected" in notification.message
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in world.kenyans)


def test_reply_tells_the_thread_participants_only(world, kenyan_comment):
    author, colleague = world.kenyans
    comment_assign(comment=kenyan_comment, user=world.coordinator, editor=world.editor)
    reply_create(user=world.editor, comment=kenyan_comment, body="Which team do you mean?")
    # The organisation's delegates hear it; the replying editor, other organisations, the
    # coordinator and editors outside the thread do not.
    assert told("comment_replied") == ids(author, colleague)
    Notification.objects.all().delete()

    reply_create(user=colleague, comment=kenyan_comment, body="The trust and safety team.")
    assert told("comment_replied") == ids(author, world.editor)
    message = Notification.objects.filter(verb="comment_replied").first().message
    assert "trust and safety" in message


def test_a_coordinator_who_replied_hears_later_replies(world, kenyan_comment):
    reply_create(user=world.coordinator, comment=kenyan_comment, body="Noted for the review.")
    Notification.objects.all().delete()
    reply_create(user=world.kenyans[0], comment=kenyan_comment, body="Thank you.")
    assert told("comment_replied") == ids(world.kenyans[1], world.coordinator)


def test_update_request_tells_coordinators(world):
    request = update_request_file(
        user=world.chilean,
        guideline=world.guideline,
        rationale="New guidance on generative AI companions should be reflected.",
    )
    assert told("update_request_filed") == ids(world.coordinator, world.superuser)
    notification = Notification.objects.filter(verb="update_request_filed").first()
    assert (notification.target_type, notification.target_id) == ("update_request", request.pk)
    assert "Chile" in notification.message


def test_stage_changes_tell_editors_coordinators_and_approvers_at_approval(world, consultation):
    guideline_transition(guideline=world.guideline, to="consultation", user=world.coordinator)
    reviewers = ids(world.editor, world.superuser)  # the coordinator moved it: not told
    assert told("stage_changed") == reviewers
    consultation_close(user=world.coordinator, consultation=consultation)
    for stage in ("resolution", "expert_review"):
        guideline_transition(guideline=world.guideline, to=stage, user=world.coordinator)
    Notification.objects.all().delete()
    guideline_transition(guideline=world.guideline, to="approval", user=world.coordinator)
    # superusers hold every role: they are told as coordinators and approvers
    assert told("stage_changed") == ids(world.editor, world.approver, world.superuser)
    assert "approval" in Notification.objects.filter(verb="stage_changed").first().message


def test_consultation_open_at_creation_tells_invited_delegates(world):
    now = timezone.now()
    consultation = consultation_create(
        user=world.coordinator,
        guideline=world.guideline,
        version=world.version,
        title="Second consultation on the industry guideline",
        opens_at=now - dt.timedelta(minutes=1),
        closes_at=now + dt.timedelta(days=30),
        visibility="private",
        invited_kinds=["member_state"],
        invited_organisations=[world.ngo],
    )
    invited = ids(*world.kenyans, world.chilean, world.activist)
    assert told("consultation_opened", target_id=consultation.pk) == invited
    send_due_reminders()
    send_due_reminders()
    assert Notification.objects.filter(verb="consultation_opened").count() == len(invited)


def test_scheduled_consultation_is_announced_once_when_it_opens(world):
    now = timezone.now()
    consultation = consultation_create(
        user=world.coordinator,
        guideline=world.guideline,
        version=world.version,
        title="Consultation opening next week",
        opens_at=now + dt.timedelta(days=7),
        closes_at=now + dt.timedelta(days=60),
        visibility="public",
        invited_kinds=["civil_society"],
        invited_organisations=[world.chile],
    )
    assert not Notification.objects.exists()
    send_due_reminders(now=now + dt.timedelta(days=1))
    assert not Notification.objects.exists()
    for _ in range(2):
        send_due_reminders(now=consultation.opens_at + dt.timedelta(minutes=5))
    assert told("consultation_opened") == ids(world.chilean, world.activist)
    assert Notification.objects.count() == 2


def test_closing_reminders_go_once_to_silent_invited_organisations(world, kenyan_comment):
    consultation = kenyan_comment.consultation  # invites every kind; Kenya has submitted
    silent = ids(world.chilean, world.activist)
    closes = consultation.closes_at
    send_due_reminders(now=closes - dt.timedelta(days=10))
    assert told("consultation_closing_7d") == set()
    for _ in range(2):
        send_due_reminders(now=closes - dt.timedelta(days=6, hours=23))
    assert told("consultation_closing_7d") == silent
    # A draft is not a submission; a submission stops the reminders for the organisation.
    comment = comment_create(
        user=world.activist, consultation=consultation, type="general", body="Looks good."
    )
    comment_submit(user=world.activist, comment=comment)
    for _ in range(2):
        send_due_reminders(now=closes - dt.timedelta(hours=20))
    assert told("consultation_closing_1d") == ids(world.chilean)
    send_due_reminders(now=closes + dt.timedelta(minutes=1))  # closed: nothing more
    assert Notification.objects.filter(verb__startswith="consultation_closing").count() == 3
    assert ReminderMark.objects.filter(kind="consultation_closing_7d").count() == 2


def test_the_beat_task_runs_the_consultation_sweep(world, settings):
    ConsultationFactory(
        version=world.version,
        guideline=world.guideline,
        invited_kinds=["member_state"],
        closes_at=timezone.now() + dt.timedelta(hours=12),
    )
    result = run_reminders.delay().get()
    assert result == {"consultation.reminders.send_due_reminders": {"opened": 3, "closing": 3}}
    assert told("consultation_closing_1d") == ids(*world.kenyans, world.chilean)
    assert run_reminders.delay().get() == {
        "consultation.reminders.send_due_reminders": {"opened": 0, "closing": 0}
    }
