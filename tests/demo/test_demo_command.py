"""The demo command: complete, consistent with the rules of the API, and idempotent."""

import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, User
from consultation.models import (
    Comment,
    CommentStatus,
    CommentType,
    Consultation,
    ConsultationStatus,
    Guideline,
    Reply,
    Section,
    Stage,
    UpdateRequest,
    Version,
    VersionSection,
)
from demo.content.organisations import PASSWORD, PEOPLE
from notifications.models import Notification, Verb
from reviews.models import Approval, StageTransition

SAMPLE = Path(__file__).resolve().parents[2] / "demo/samples/iso-comments-estonia-industry.csv"

COUNTED = [
    Organisation,
    User,
    Guideline,
    Section,
    Section.history.model,
    Version,
    VersionSection,
    Consultation,
    Comment,
    Comment.history.model,
    Reply,
    StageTransition,
    Approval,
    UpdateRequest,
    Notification,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Run the command once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield row_counts()
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("demo")


@pytest.mark.django_db
def test_second_run_adds_nothing(demo):
    assert demo["Comment"] >= 200
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert row_counts() == demo
    printed = out.getvalue()
    assert "Web interface: http://127.0.0.1:8000/\n" in printed
    assert "http://127.0.0.1:8000/api/docs/" in printed
    for person in PEOPLE:
        assert re.search(rf"^  {re.escape(person.username)} .* {PASSWORD}\s*$", printed, re.M)


@pytest.mark.django_db
def test_links_name_the_port_it_serves_on():
    """`make demo PORT=8111` passes its host and port; every printed link uses them."""
    out = io.StringIO()
    call_command("demo", host="0.0.0.0", port=8111, stdout=out)
    printed = out.getvalue()
    assert "Web interface: http://0.0.0.0:8111/\n" in printed
    assert "API docs:      http://0.0.0.0:8111/api/docs/" in printed
    assert "Admin:         http://0.0.0.0:8111/admin/" in printed
    assert ":8000" not in printed


@pytest.mark.django_db
def test_makefile_passes_its_port_to_the_demo():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "manage.py demo --host $(HOST) --port $(PORT)" in makefile


@pytest.mark.django_db
def test_four_guidelines_with_nested_sections_and_two_drafts():
    guidelines = Guideline.objects.order_by("audience")
    assert sorted(g.audience for g in guidelines) == [
        "children",
        "industry",
        "parents_educators",
        "policymakers",
    ]
    for guideline in guidelines:
        numbers = list(guideline.sections.values_list("number", flat=True))
        assert len(numbers) >= 12
        assert any(n.count(".") == 1 for n in numbers)
        drafts = dict(guideline.versions.values_list("label", "created_at"))
        assert drafts["Draft 1"] < drafts["Draft 2"] < timezone.now()
        revised = guideline.sections.filter(revision__gt=1)
        assert revised.count() >= 3
        reasons = Section.history.filter(id__in=revised.values("id"), revision__gt=1)
        assert all(h.history_change_reason for h in reasons)
        # The revisions between the drafts happened between them, by an editor of the guideline.
        assert all(drafts["Draft 1"] < h.history_date < drafts["Draft 2"] for h in reasons)
        editors = set(guideline.editors.values_list("id", flat=True))
        assert {h.history_user_id for h in reasons} <= editors
    assert Section.objects.filter(number__regex=r"^\d+\.\d+\.\d+$").count() >= 5


@pytest.mark.django_db
def test_stages_of_the_review_stories():
    stages = dict(Guideline.objects.values_list("audience", "stage"))
    assert stages == {
        "children": Stage.PUBLISHED,
        "parents_educators": Stage.RESOLUTION,
        "industry": Stage.CONSULTATION,
        "policymakers": Stage.DRAFTING,
    }
    published = Guideline.objects.get(audience="children")
    assert published.versions.filter(label__startswith="Published").exists()
    submitted = Comment.objects.filter(
        consultation__guideline=published, status=CommentStatus.SUBMITTED
    )
    assert submitted.exists()
    assert not submitted.filter(decision="").exists()
    assert submitted.filter(decision="accepted", resolved_revision__isnull=False).count() >= 3
    request = UpdateRequest.objects.get(guideline=published)
    assert request.status == "open"
    assert request.supporters.count() == 3
    in_resolution = Comment.objects.filter(
        consultation__guideline__audience="parents_educators", status=CommentStatus.SUBMITTED
    )
    decisions = set(in_resolution.values_list("decision", flat=True))
    assert "" in decisions  # some still open
    assert len(decisions - {""}) >= 4


@pytest.mark.django_db
def test_organisations_of_every_kind_with_iso_codes():
    assert 28 <= Organisation.objects.count() <= 35
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    assert set(kinds) == set(OrganisationKind.values)
    states = Organisation.objects.filter(kind=OrganisationKind.MEMBER_STATE)
    assert states.count() >= 15
    for state in states:
        state.full_clean()  # ISO 3166-1 alpha-2 validator
        assert state.region
    assert len(set(states.values_list("region", flat=True))) == 6


@pytest.mark.django_db
def test_users_for_every_role():
    users = User.objects.filter(username__in=[p.username for p in PEOPLE])
    assert users.count() == len(PEOPLE)
    for role in ["delegate", "editor", "coordinator", "approver"]:
        assert users.filter(**{f"is_{role}": True}).exists(), role
    assert users.filter(is_focal_point=True).count() >= 3
    assert User.objects.get(username="admin").is_superuser
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.is_staff
    assert coordinator.has_perm("consultation.change_comment")
    assert all(g.editors.exists() for g in Guideline.objects.all())


@pytest.mark.django_db
def test_coordinator_uses_the_django_admin(client):
    client.force_login(User.objects.get(username="coordinator"))
    assert client.get("/admin/").status_code == 200
    for url in ["/admin/consultation/section/", "/admin/accounts/organisation/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_open_consultation_with_hundreds_of_comments_of_every_type():
    open_ = [c for c in Consultation.objects.all() if c.status == ConsultationStatus.OPEN]
    assert len(open_) == 1
    comments = Comment.objects.filter(consultation=open_[0])
    assert comments.count() >= 200
    assert set(comments.values_list("type", flat=True)) == set(CommentType.values)
    statuses = Counter(comments.values_list("status", flat=True))
    assert set(statuses) == set(CommentStatus.values)
    assert statuses[CommentStatus.SUBMITTED] > statuses[CommentStatus.DRAFT]
    assert comments.values("organisation").distinct().count() >= 20
    assert Reply.objects.filter(comment__consultation=open_[0]).count() >= 5


@pytest.mark.django_db
def test_every_anchor_quotes_its_consulted_text_exactly():
    anchored = Comment.objects.exclude(anchor_quote="").select_related("consultation")
    assert anchored.count() >= 200
    frozen = {
        (vs.version_id, vs.section_id): vs.body
        for vs in VersionSection.objects.filter(section__isnull=False)
    }
    for comment in anchored:
        body = frozen[(comment.consultation.version_id, comment.section_id)]
        start, end = comment.anchor_start, comment.anchor_end
        assert body[start:end] == comment.anchor_quote
        assert body[:start].endswith(comment.anchor_prefix)
        assert body[end:].startswith(comment.anchor_suffix)


@pytest.mark.django_db
def test_a_campaign_of_near_identical_comments():
    bodies = Comment.objects.filter(body__contains="must never require children to upload")
    assert 10 <= bodies.count() <= 40
    assert bodies.values("organisation").distinct().count() == bodies.count()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "coordinator", "editor-industry", "delegate-ke"])
def test_demo_credentials_get_a_token(api, username):
    response = api.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/users/me/").json()["username"] == username


@pytest.mark.django_db
def test_sample_iso_template_imports_into_the_open_consultation(client_for):
    """The shipped ISO template of a silent member state imports in one call (issue 4)."""
    consultation = next(c for c in Consultation.objects.all() if c.status == "open")
    editor = User.objects.get(username="editor-industry")
    with SAMPLE.open("rb") as upload:
        response = client_for(editor).post(
            "/api/v1/comments/import/",
            {"consultation": consultation.pk, "file": upload},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 6
    estonia = Comment.objects.filter(consultation=consultation, organisation__country="EE")
    assert estonia.count() == 6


@pytest.mark.django_db
def test_published_disposition_says_what_why_who_and_which_revision(client_for):
    """Every comment of the published guideline shows its disposition (issue 5)."""
    guideline = Guideline.objects.get(audience="children")
    coordinator = User.objects.get(username="coordinator")
    response = client_for(coordinator).get(
        f"/api/v1/guidelines/{guideline.pk}/disposition/", {"format": "json"}
    )
    assert response.status_code == 200
    body = json.loads(b"".join(response.streaming_content))
    rows = body["comments"] if isinstance(body, dict) else body
    submitted = Comment.objects.filter(
        consultation__guideline=guideline, status=CommentStatus.SUBMITTED
    )
    assert len(rows) == submitted.count()
    assert all(row["decision"] for row in rows)
    assert all(row["rationale"] for row in rows if row["decision"] != "accepted")
    assert all(row["revision"] for row in rows if row["decision"] == "accepted")


@pytest.mark.django_db
def test_invited_delegates_are_told_the_consultation_opened():
    open_now = Consultation.objects.filter(
        opens_at__lte=timezone.now(), closes_at__gt=timezone.now(), closed_early_at__isnull=True
    ).get()
    told = Notification.objects.filter(
        verb=Verb.CONSULTATION_OPENED, target_id=open_now.pk
    ).values_list("recipient__username", flat=True)
    assert "delegate-ke" in told
    assert "coordinator" not in told
