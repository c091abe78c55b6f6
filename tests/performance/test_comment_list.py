"""Query discipline of the comment list (issue 8): a constant number of queries whatever the
page holds (authentication included), the fast list path answering exactly what
CommentSerializer would, and (PostgreSQL) no sequential scan of the comment table at 100k rows.
"""

import base64
import datetime as dt
import json
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from accounts.models import OrganisationKind
from common import prepared
from consultation.comment_shape import CommentSerializer
from consultation.models import Comment, CommentStatus, Section
from consultation.rules import Actor
from consultation.selectors.comments import comments_visible_to
from consultation.services.comments import comment_create, comment_submit
from tests.factories import (
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)
from tests.performance.seeding import copy_comments

BODY = (
    "Platforms that children use should explain reporting tools in plain words and answer "
    "every report within a stated time."
)
QUOTE = "reporting tools in plain words"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    guideline = GuidelineFactory()
    section = SectionFactory(guideline=guideline, body=BODY)
    version = VersionFactory(guideline=guideline)
    consultation = ConsultationFactory(
        version=version, guideline=guideline, invited_kinds=[OrganisationKind.MEMBER_STATE]
    )
    kenya = OrganisationFactory(name="Kenya", country="KE")
    editor = UserFactory(roles=["editor"])
    guideline.editors.add(editor)
    return SimpleNamespace(
        guideline=guideline,
        section=section,
        consultation=consultation,
        kenya=kenya,
        kenyan=UserFactory(roles=["delegate"], organisation=kenya),
        editor=editor,
        coordinator=UserFactory(roles=["coordinator"]),
    )


def token_client(user) -> APIClient:
    """A client that authenticates by token on every request, as real clients do."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def add_comments(world, count: int) -> None:
    """`count` submitted comments of Kenya, a third of them resolved (bulk: only the list's
    reads are under test here)."""
    now = timezone.now()
    Comment.objects.bulk_create(
        Comment(
            consultation=world.consultation,
            section=world.section,
            organisation=world.kenya,
            author=world.kenyan,
            type="technical",
            body=f"Comment {i} on how reports are answered.",
            status=CommentStatus.SUBMITTED,
            submitted_at=now,
            decision="noted" if i % 3 == 0 else "",
            rationale="Noted for the next revision." if i % 3 == 0 else "",
            resolved_by=world.editor if i % 3 == 0 else None,
            resolved_at=now if i % 3 == 0 else None,
        )
        for i in range(count)
    )


def list_queries(client, world) -> int:
    url = f"/api/v1/comments/?consultation={world.consultation.pk}&page_size=200"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["results"])


@pytest.mark.parametrize("role", ["coordinator", "editor", "kenyan"])
def test_list_makes_the_same_queries_at_10_and_200_comments(
    world, role, django_assert_max_num_queries
):
    client = token_client(getattr(world, role))
    add_comments(world, 10)
    few, shown = list_queries(client, world)
    assert shown == 10
    add_comments(world, 190)
    with django_assert_max_num_queries(few):
        many, shown = list_queries(client, world)
    assert shown == 200
    assert many == few
    # token + user, the page, invitations, the cycle its guideline is in, focal point, edited
    # guidelines
    assert few <= 7


@pytest.mark.parametrize("role", ["coordinator", "editor", "kenyan"])
def test_fast_list_answers_what_the_serializer_would(world, role):
    """The list's rows (SQL values) and CommentSerializer (model instances) give the same JSON."""
    start = BODY.index(QUOTE)
    anchor = {"quote": QUOTE, "start": start, "end": start + len(QUOTE)}

    def drafted(**extra):
        return comment_create(
            user=world.kenyan,
            consultation=world.consultation,
            type="editorial",
            body="Say who answers the reports.",
            section=world.section,
            **extra,
        )

    drafted()  # a draft: only Kenya sees it
    anchored = comment_submit(user=world.kenyan, comment=drafted(anchor=anchor))
    resolved = comment_submit(user=world.kenyan, comment=drafted())
    Comment.objects.filter(pk=resolved.pk).update(
        decision="rejected",
        rationale="Out of scope.",
        resolved_by=world.editor,
        resolved_at=timezone.now(),
        resolved_revision=1,
    )
    # A revision the anchor has not caught up with: the list reads the body for it alone.
    Section.objects.filter(pk=world.section.pk).update(
        body="Intro. " + BODY, revision=world.section.revision + 1
    )
    assert Comment.objects.get(pk=anchored.pk).anchored_revision != world.section.revision + 1

    user = getattr(world, role)
    response = token_client(user).get(f"/api/v1/comments/?consultation={world.consultation.pk}")
    assert response.status_code == 200
    context = {"request": SimpleNamespace(user=user), "actor": Actor(user)}
    expected = CommentSerializer(comments_visible_to(user), many=True, context=context).data
    assert response.json()["results"] == json.loads(JSONRenderer().render(expected))
    assert len(expected) == (3 if role == "kenyan" else 2)
    moved = next(row for row in response.json()["results"] if row["id"] == anchored.pk)
    assert moved["anchor_state"] == "moved"
    assert moved["current_start"] == start + len("Intro. ")


@pytest.mark.parametrize("role", ["coordinator", "editor", "kenyan"])
def test_list_sql_is_compiled_once_per_shape(world, role, monkeypatch):
    """Two consultations, two cursors: one compiled shape per page kind, right rows each time.

    A reader's rule that started reading a value it does not declare would make the shape
    uncacheable (and the list several times slower): this fails then. SQLite's adapter turns
    datetimes into text, so there only the coordinator's rule (no clock) is cached."""
    monkeypatch.setattr(prepared, "_shapes", prepared.OrderedDict())
    other = ConsultationFactory(
        guideline=world.guideline,
        version=world.consultation.version,
        invited_kinds=[OrganisationKind.MEMBER_STATE],
    )
    add_comments(world, 3)
    world_ids = set(Comment.objects.values_list("pk", flat=True))
    world.consultation, kept = other, world.consultation
    add_comments(world, 2)
    world.consultation = kept
    client = token_client(getattr(world, role))

    def ids(consultation):
        response = client.get(f"/api/v1/comments/?consultation={consultation.pk}&page_size=2")
        assert response.status_code == 200
        body = response.json()
        following = client.get(body["next"]).json()["results"] if body["next"] else []
        return {row["id"] for row in body["results"] + following}

    assert ids(world.consultation) == world_ids
    assert ids(other) == set(Comment.objects.values_list("pk", flat=True)) - world_ids
    shapes = [shape for key, shape in prepared._shapes.items() if key[0] == "comment list"]
    assert len(shapes) == 2  # the first page and a following page, for both consultations
    if connection.vendor == "postgresql" or role == "coordinator":
        assert all(shape is not prepared._UNCACHEABLE for shape in shapes)


# --- PostgreSQL: the hot queries use indexes at 100k rows -------------------------------------

ROWS = 100_000


def seed_comments(world, other_consultation) -> None:
    """100k comments by COPY, 80% on the world's consultation, a tenth of them drafts."""
    now = timezone.now()
    rows = (
        {
            "consultation": other_consultation.pk if i % 5 == 0 else world.consultation.pk,
            "section": world.section.pk,
            "organisation": world.kenya.pk,
            "author": None,
            "type": "technical",
            "body": f"Comment {i}",
            "status": "draft" if i % 10 == 0 else "submitted",
            "submitted_at": now,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(ROWS)
    )
    copy_comments(rows)


def cursor_at(consultation_id: int, depth: float) -> str:
    ids = list(
        Comment.objects.filter(consultation_id=consultation_id, status="submitted")
        .order_by("-id")
        .values_list("id", flat=True)
    )
    position = ids[int(len(ids) * depth)]
    return base64.b64encode(urlencode({"p": position}).encode()).decode()


def list_plan(client, url: str) -> str:
    """EXPLAIN of the page query the list endpoint runs for `url`."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    page_sql = next(
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "consultation_comment"' in q["sql"] and "LIMIT" in q["sql"]
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + page_sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN plans are PostgreSQL's; SQLite's planner says nothing about production",
)
def test_list_queries_use_indexes_at_100k_comments(world):
    """First page and a page at 90% depth, for each role, on the big and the small
    consultation: no sequential scan of consultation_comment."""
    other = ConsultationFactory(
        guideline=world.guideline,
        version=world.consultation.version,
        opens_at=world.consultation.opens_at - dt.timedelta(days=90),
        closes_at=world.consultation.opens_at - dt.timedelta(days=2),
    )
    seed_comments(world, other)
    for role in ("coordinator", "editor", "kenyan"):
        client = token_client(getattr(world, role))
        for consultation in (world.consultation, other):
            base = f"/api/v1/comments/?consultation={consultation.pk}&status=submitted&page_size=50"
            for url in (base, f"{base}&cursor={cursor_at(consultation.pk, 0.9)}"):
                plan = list_plan(client, url)
                assert "Seq Scan on consultation_comment" not in plan, f"{role} {url}\n{plan}"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN plans are PostgreSQL's; SQLite's planner says nothing about production",
)
def test_search_pages_walk_the_id_order_at_100k_comments(world):
    """`q=` on a word of half the comments: the first page and the page at 90% depth read in
    the list's id order from the cursor on (no sequential scan, no sort or ranking of every
    match), so a deep page costs what the first costs."""
    other = ConsultationFactory(guideline=world.guideline, version=world.consultation.version)
    now = timezone.now()
    copy_comments(
        {
            "consultation": world.consultation.pk if i % 5 else other.pk,
            "section": world.section.pk,
            "organisation": world.kenya.pk,
            "author": None,
            "type": "technical",
            "body": f"Comment {i} on child safety" if i % 2 else f"Comment {i} on reporting",
            "status": "submitted",
            "submitted_at": now,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(ROWS)
    )
    base = (
        f"/api/v1/comments/?consultation={world.consultation.pk}&status=submitted"
        "&page_size=50&q=safety"
    )
    matches = list(
        Comment.objects.filter(consultation=world.consultation, body__contains="safety")
        .order_by("-id")
        .values_list("id", flat=True)
    )
    deep = base64.b64encode(urlencode({"p": matches[int(len(matches) * 0.9)]}).encode()).decode()
    for role in ("coordinator", "editor", "kenyan"):
        client = token_client(getattr(world, role))
        for url in (base, f"{base}&cursor={deep}"):
            plan = list_plan(client, url)
            assert "Seq Scan on consultation_comment" not in plan, f"{role} {url}\n{plan}"
            assert "Sort" not in plan, f"{role} {url}\n{plan}"
            assert "ts_rank" not in plan
            # Each row walked is tested against its stored vector, through an index.
            assert "search_vector" in plan and "to_tsvector" not in plan, f"{role}\n{plan}"
            assert "Index Scan Backward using consultation_comment_pkey" in plan, plan
        rows = client.get(f"{base}&cursor={deep}").json()["results"]
        assert [row["id"] for row in rows] == matches[int(len(matches) * 0.9) + 1 :][:50]
