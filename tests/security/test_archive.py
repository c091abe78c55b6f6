"""Consultation archive: export, wipe, import reproduces every comment, reply and disposition."""

import json

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organisation, User
from consultation.archive import ArchiveError, consultation_export, consultation_import
from consultation.models import Comment, Consultation, Guideline, Reply, Section
from consultation.services.comments import comment_create, comment_submit, reply_create
from reviews.services.comments import comment_resolve, comment_respond, comment_settle
from tests.factories import (
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Everything a user can see of a comment, by natural key (ids differ between instances).
COMPARED = [
    "type", "body", "proposed_change", "status", "submitted_at", "created_at", "line",
    "paragraph", "anchor_quote", "anchor_start", "anchor_end", "anchor_state", "decision",
    "rationale", "resolved_at", "resolved_revision", "response", "response_note",
    "settlement", "settlement_reason", "settled_at",
]  # fmt: skip


def snapshot(consultation: Consultation) -> list[dict]:
    rows = []
    for comment in consultation.comments.order_by("created_at", "id"):
        row = {name: getattr(comment, name) for name in COMPARED}
        row["organisation"] = comment.organisation.name
        row["author"] = comment.author.username if comment.author else None
        row["resolved_by"] = comment.resolved_by.username if comment.resolved_by else None
        row["section"] = comment.section and (comment.section.heading, comment.section.body)
        row["duplicate_of"] = comment.duplicate_of.body if comment.duplicate_of else None
        row["replies"] = [
            (r.author.username, r.body, r.created_at) for r in comment.replies.order_by("id")
        ]
        row["history"] = [
            (h.history_type, h.history_user.username if h.history_user else None,
             h.history_change_reason, h.status, h.decision, h.rationale, h.history_date)
            for h in comment.history.order_by("history_date", "history_id")
        ]  # fmt: skip
        rows.append(row)
    return rows


@pytest.fixture
def consultation_with_work():
    """A consultation with comments of two states, replies, dispositions and an objection."""
    guideline = GuidelineFactory(slug="cop-industry")
    intro = SectionFactory(guideline=guideline, heading="Scope")
    SectionFactory(
        guideline=guideline,
        heading="Age assurance",
        body="Providers should check age with the least intrusive method that works.",
    )
    editor = UserFactory(roles=["editor"])
    guideline.editors.add(editor)
    coordinator = UserFactory(roles=["coordinator"])
    consultation = ConsultationFactory(version__guideline=guideline)
    kenya, norway = (
        OrganisationFactory(name="Kenya"),
        OrganisationFactory(name="Norway", country="NO"),
    )
    consultation.invited_organisations.set([kenya, norway])
    ke = UserFactory(roles=["delegate"], organisation=kenya)
    no = UserFactory(roles=["delegate"], organisation=norway)

    def submitted(user, body, **extra):
        comment = comment_create(
            user=user,
            consultation=consultation,
            type="technical",
            body=body,
            section=intro,
            **extra,
        )
        return comment_submit(user=user, comment=comment)

    first = submitted(ke, "Name the team accountable for reviewing reports of grooming.")
    second = submitted(
        no,
        "Say who reviews the reports of grooming.",
        anchor={"quote": "most protective options", "start": 41, "end": 64},
    )
    third = submitted(ke, "Explain what happens to the data collected during age checks.")
    comment_create(user=no, consultation=consultation, type="editorial", body="A draft, unsent.")
    reply_create(user=editor, comment=first, body="Would a role title be enough here?")
    reply_create(user=ke, comment=first, body="Yes, a role title is what we meant.")
    comment_resolve(comment=first, user=editor, decision="accepted")
    comment_resolve(
        comment=second, user=editor, decision="duplicate", rationale="Same point.",
        duplicate_of=first.pk,
    )  # fmt: skip
    comment_resolve(comment=third, user=editor, decision="rejected", rationale="Out of scope.")
    comment_respond(comment=third, user=ke, response="objection", note="It is in scope.")
    comment_settle(comment=third, user=coordinator, outcome="overruled", reason="Out of scope.")
    return consultation


def wipe(consultation: Consultation) -> None:
    """Remove the consultation and everything of it, as on a fresh instance."""
    guideline = consultation.guideline
    Comment.history.all().delete()
    Reply.objects.all().delete()
    Comment.objects.filter(duplicate_of__isnull=False).delete()
    Comment.objects.all().delete()
    consultation.delete()
    guideline.versions.all().delete()
    for section in guideline.sections.order_by("-sort_key"):
        section.delete()
    guideline.delete()


def test_round_trip_reproduces_every_comment_reply_resolution_and_history(
    consultation_with_work, tmp_path
):
    before = snapshot(consultation_with_work)
    assert len(before) == 4 and any(row["history"] for row in before)
    path = tmp_path / "consultation.json"
    call_command("consultation_export", consultation_with_work.pk, output=str(path))
    wipe(consultation_with_work)
    assert not Comment.objects.exists()

    call_command("consultation_import", str(path))

    imported = Consultation.objects.get()
    assert snapshot(imported) == before
    assert imported.version.sections.count() == 2
    assert imported.guideline.slug == "cop-industry"
    assert sorted(o.name for o in imported.invited_organisations.all()) == ["Kenya", "Norway"]


def test_import_into_a_fresh_instance_creates_inactive_people(consultation_with_work):
    archive = json.loads(json.dumps(consultation_export(consultation=consultation_with_work)))
    wipe(consultation_with_work)
    authors = [u["username"] for u in archive["users"]]
    User.objects.filter(username__in=authors).delete()
    Organisation.objects.filter(name="Norway").delete()

    consultation_import(archive=archive)

    assert Organisation.objects.filter(name="Norway").exists()
    people = User.objects.filter(username__in=authors)
    assert people.count() == len(authors)
    assert not any(u.is_active or u.has_usable_password() for u in people)


def test_import_refuses_a_taken_slug_and_writes_nothing(consultation_with_work):
    archive = consultation_export(consultation=consultation_with_work)
    counts = (Guideline.objects.count(), Section.objects.count(), Comment.objects.count())
    with pytest.raises(ArchiveError, match="already exists"):
        consultation_import(archive=archive)
    assert counts == (Guideline.objects.count(), Section.objects.count(), Comment.objects.count())
    copy = consultation_import(archive=archive, slug="cop-industry-copy")
    assert snapshot(copy) == snapshot(consultation_with_work)


@pytest.mark.parametrize(
    "archive",
    [
        {},
        {"format": "something-else"},
        {"format": "concord-consultation-archive", "format_version": 99},
    ],
)
def test_foreign_or_future_archives_are_refused(archive):
    with pytest.raises(ArchiveError):
        consultation_import(archive=archive)


def test_damaged_archive_is_refused_and_writes_nothing(consultation_with_work, tmp_path):
    archive = consultation_export(consultation=consultation_with_work)
    del archive["comments"][0]["body"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(archive))
    guidelines = Guideline.objects.count()
    with pytest.raises(CommandError, match="incomplete or damaged"):
        call_command("consultation_import", str(path), slug="another")
    assert Guideline.objects.count() == guidelines


def test_export_of_a_missing_consultation_is_a_clear_error():
    with pytest.raises(CommandError, match="no consultation 999"):
        call_command("consultation_export", 999)


def test_late_marks_survive_and_older_archives_still_import(consultation_with_work):
    Comment.objects.filter(consultation=consultation_with_work).update(late=True)
    archive = consultation_export(consultation=consultation_with_work)
    older = json.loads(json.dumps(archive))
    for item in older["comments"]:
        del item["late"]
        for record in item["history"]:
            del record["fields"]["late"]

    kept = consultation_import(archive=archive, slug="with-late")
    defaulted = consultation_import(archive=older, slug="before-late")

    assert set(kept.comments.values_list("late", flat=True)) == {True}
    assert set(defaulted.comments.values_list("late", flat=True)) == {False}
