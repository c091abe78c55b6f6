"""The queue in clause order reads the clause order's index, on the first page as deep down."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation.clause_order import clause_key
from consultation.models import Comment
from tests.factories import (
    ConsultationFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)

from .seeding import copy_comments

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="EXPLAIN plans are PostgreSQL's; SQLite's planner says nothing about production",
    ),
]
# Below about 150,000 comments PostgreSQL rightly reads the whole (small) table for a deep page.
COMMENTS = 200_000


def _page_plan(client, url: str) -> str:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    queries = [q["sql"] for q in ctx.captured_queries]
    sql = next(q for q in queries if "clause_key" in q and "LIMIT 51" in q)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_clause_order_pages_through_its_index_at_depth(client):
    consultations, sections = [], []
    for _ in range(2):  # a second guideline's comments share the index
        consultation = ConsultationFactory(version=VersionFactory())
        consultations.append(consultation)
        sections.append([SectionFactory(guideline=consultation.guideline) for _ in range(40)])
    organisation = OrganisationFactory()
    now = timezone.now()
    copy_comments(
        {
            "consultation": consultations[i % 2].pk,
            "section": (section := sections[i % 2][i % 40]).pk,
            "clause_key": clause_key(section.guideline_id, section.sort_key),
            "organisation": organisation.pk,
            "type": "technical",
            "body": f"Comment {i}",
            "status": "submitted",
            "submitted_at": now,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(COMMENTS)
    )
    guideline = consultations[0].guideline
    editor = UserFactory(roles=["editor"])
    guideline.editors.add(editor)
    client.force_login(editor)
    ordered = list(
        Comment.objects.filter(consultation=consultations[0])
        .order_by("clause_key", "id")
        .values_list("id", flat=True)
    )
    base = f"/guidelines/{guideline.pk}/queue/?sort=clause"
    for url in (base, f"{base}&after={ordered[int(len(ordered) * 0.9)]}"):
        plan = _page_plan(client, url)
        assert "comment_clause_order_idx" in plan, plan
        assert "Seq Scan on consultation_comment" not in plan, plan
        assert "Sort" not in plan.split("Limit")[1].split("->")[1], plan
