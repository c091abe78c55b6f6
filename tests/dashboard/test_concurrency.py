"""PostgreSQL: two transactions changing tallies in opposite orders queue instead of deadlocking."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from accounts.models import OrganisationKind
from consultation.models import Comment, CommentStatus, CommentType
from reviews.dashboard.services import dashboard_drift
from tests.factories import CommentFactory, ConsultationFactory, OrganisationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL"),
]


def test_crossed_submissions_do_not_deadlock():
    consultation = ConsultationFactory()
    organisations = [
        OrganisationFactory(kind=OrganisationKind.MEMBER_STATE, country=code)
        for code in ("KE", "FR")
    ]
    # Each organisation submits a technical and a general comment, in opposite orders, so
    # that without a per-consultation lock each would hold the tally row the other needs.
    drafts = {
        org.pk: {
            kind: CommentFactory(consultation=consultation, organisation=org, type=kind)
            for kind in (CommentType.TECHNICAL, CommentType.GENERAL)
        }
        for org in organisations
    }
    first_done = threading.Event()
    errors = []

    def submit(comments, signal):
        try:
            with transaction.atomic():
                for i, comment in enumerate(comments):
                    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.SUBMITTED)
                    if i == 0 and signal:
                        signal.set()
                        time.sleep(0.5)
        except Exception as exc:  # reported below: the test asserts there was none
            errors.append(exc)
        finally:
            connections.close_all()

    a, b = (drafts[org.pk] for org in organisations)
    one = threading.Thread(
        target=submit, args=([a[CommentType.TECHNICAL], a[CommentType.GENERAL]], first_done)
    )
    two = threading.Thread(
        target=submit, args=([b[CommentType.GENERAL], b[CommentType.TECHNICAL]], None)
    )
    one.start()
    assert first_done.wait(10)
    two.start()
    one.join(20)
    two.join(20)

    assert errors == []
    assert Comment.objects.filter(status=CommentStatus.SUBMITTED).count() == 4
    assert dashboard_drift() == {}
