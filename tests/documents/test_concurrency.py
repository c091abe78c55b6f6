"""Two writers holding the same ETag can never both win: a real race on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from consultation.models import Section
from consultation.services.documents import guideline_create, section_create
from tests.factories import UserFactory

WRITERS = 20


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer on one database lock, so threads cannot race; "
    "run with DATABASE_URL=postgres://... to exercise the row lock.",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_patches_with_same_if_match_one_wins():
    coordinator = UserFactory(roles=["coordinator"])
    editor = UserFactory(roles=["editor"])
    guideline = guideline_create(
        user=coordinator, slug="race", title="Race", audience="children", editors=[editor]
    )
    section = section_create(guideline=guideline, user=editor, heading="Race", body="Start.")
    history_before = section.history.count()
    barrier = threading.Barrier(WRITERS)
    statuses: list[int] = []
    lock = threading.Lock()

    def write(n: int) -> None:
        client = APIClient()
        client.force_authenticate(editor)
        try:
            barrier.wait(timeout=30)  # release all writers at once
            response = client.patch(
                f"/api/v1/sections/{section.pk}/",
                {"body": f"Writer {n} was here.", "change_reason": f"writer {n}"},
                format="json",
                headers={"If-Match": '"1"'},
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [200] + [412] * (WRITERS - 1)
    section = Section.objects.get(pk=section.pk)
    assert section.revision == 2
    assert section.history.count() == history_before + 1
    winner = section.history.first()
    assert winner.body == section.body and winner.history_change_reason in {
        f"writer {n}" for n in range(WRITERS)
    }
