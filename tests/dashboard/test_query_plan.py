"""PostgreSQL: the dashboard never scans the comment table sequentially."""

import pytest
from django.db import connection

from reviews.dashboard.selectors import dashboard_query

from .builders import editors, make_guideline, make_organisations

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans of PostgreSQL")
@pytest.mark.parametrize("narrow", [False, True])
def test_comment_table_is_read_through_indexes_only(narrow):
    _, consultation = make_guideline(make_organisations(4), editors(2), comments=40)
    sql, params = dashboard_query(consultation_id=consultation.pk if narrow else None)

    with connection.cursor() as cursor:
        # With sequential scans priced out, a Seq Scan left in the plan means no index fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Seq Scan on consultation_comment" not in plan, plan
    assert "reviews_dash_overdue_idx" in plan, plan
    assert "reviews_dash_objection_idx" in plan, plan
