"""PostgreSQL: the similar-comment lookup finds its candidates through the similarity-key GIN
index at 100k comments, never by reading the consultation's comments one by one."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import OrganisationKind
from benchmarks.seed import paragraph
from consultation.models import Comment
from consultation.similarity import similarity_keys
from tests.factories import (
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)
from tests.performance.seeding import copy_comments

ROWS = 100_000
DISTINCT_BODIES = 2_000  # each body 50 times: every comment has about 40 copies

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN plans are PostgreSQL's; SQLite's planner says nothing about production",
)


@pytest.fixture
def crowded(db):
    """100k comments by COPY with their keys, 80% on one consultation, a tenth drafts."""
    guideline = GuidelineFactory()
    section = SectionFactory(guideline=guideline)
    version = VersionFactory(guideline=guideline)
    big, small = (
        ConsultationFactory(
            version=version, guideline=guideline, invited_kinds=[OrganisationKind.MEMBER_STATE]
        )
        for _ in range(2)
    )
    kenya = OrganisationFactory(name="Kenya", country="KE")
    rng = random.Random(3)
    bodies = [paragraph(rng, rng.randint(2, 6)) for _ in range(DISTINCT_BODIES)]
    keys = [similarity_keys(body) for body in bodies]
    now = timezone.now()
    rows = (
        {
            "consultation": small.pk if i % 5 == 0 else big.pk,
            "section": section.pk,
            "organisation": kenya.pk,
            "author": None,
            "type": "technical",
            "body": bodies[i % DISTINCT_BODIES],
            "similarity_keys": keys[i % DISTINCT_BODIES],
            "status": "draft" if i % 10 == 0 else "submitted",
            "submitted_at": now,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(ROWS)
    )
    copy_comments(rows)
    editor = UserFactory(roles=["editor"])
    guideline.editors.add(editor)
    return {
        "big": big,
        "small": small,
        "editor": editor,
        "coordinator": UserFactory(roles=["coordinator"]),
        "kenyan": UserFactory(roles=["delegate"], organisation=kenya),
    }


def lookup_plans(client, comment_id: int) -> tuple[int, str]:
    """How many comments the endpoint found, and the EXPLAIN of each query it made."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/comments/{comment_id}/similar/")
    assert response.status_code == 200, response.content
    plans = []
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return len(response.json()), "\n\n".join(plans)


def test_lookup_reads_the_key_index_at_100k_comments(crowded, client_for):
    for name in ("big", "small"):
        probe = (
            Comment.objects.filter(consultation=crowded[name], status="submitted")
            .order_by("id")
            .first()
        )
        for role in ("coordinator", "editor", "kenyan"):
            found, plan = lookup_plans(client_for(crowded[role]), probe.pk)
            assert found >= 5, f"{role} {name}: copies of the body are found"
            assert "Seq Scan on consultation_comment" not in plan, f"{role} {name}\n{plan}"
            assert "consultation_comment_similarity_keys_gin" in plan, f"{role} {name}\n{plan}"
