"""The coordinator's dashboard pages through Django's test client: the API's numbers, links."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation.models import Comment
from consultation.services.comments import comment_create, comment_submit
from notifications.models import Notification
from reviews.services.comments import comment_assign, comment_resolve
from tests.factories import OrganisationFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def submit(world, section, body="Please define 'likely to use'."):
    comment = comment_create(
        user=world.focal,
        consultation=world.consultation,
        type="technical",
        body=body,
        section=section,
    )
    return comment_submit(user=world.focal, comment=comment)


def overdue(comment, *, days: float) -> None:
    """Let time pass until the assignment is `days` overdue (a due date is given ahead)."""
    Comment.objects.filter(pk=comment.pk).update(due_at=timezone.now() - dt.timedelta(days=days))


@pytest.fixture
def reviewed(world):
    """Kenya submitted three comments (one resolved, one overdue); Chile sent nothing."""
    first = submit(world, world.scope)
    second = submit(world, world.defaults, "Name the profiling that is meant.")
    submit(world, world.defaults, "Add a line on age assurance.")
    comment_resolve(comment=first, user=world.editor, decision="noted", rationale="Fine.")
    comment_assign(
        comment=second,
        editor=world.editor,
        user=world.coordinator,
        due_at=timezone.now() + dt.timedelta(days=1),
    )
    overdue(second, days=2)
    world.overdue = second
    return world


def figure(html: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">(?:<a [^>]*>)?([^<]+)', html).group(1)


def test_only_coordinators_and_editors_see_the_dashboard(signed_in, world):
    assert signed_in(world.focal).get("/dashboard/").status_code == 403
    assert signed_in(world.editor).get("/dashboard/").status_code == 200


def test_all_guidelines_show_the_api_numbers(signed_in, reviewed):
    client = signed_in(reviewed.coordinator)
    api = client.get("/api/v1/dashboard/").json()["guidelines"][0]
    html = client.get("/dashboard/").content.decode()
    assert figure(html, "submitted") == str(api["comments"]["submitted"]) == "3"
    assert figure(html, "unresolved") == "2"
    assert figure(html, "overdue") == str(api["overdue_total"]) == "1"
    assert figure(html, "silent") == str(len(api["silent_organisations"])) == "1"
    assert "1 of 3 resolved (33%)" in html
    assert '<progress class="resolved-share" max="3" value="1"' in html
    gid = reviewed.guideline.pk
    assert f'data-figure="days"><a href="/guidelines/{gid}/stages/">0</a>' in html


def test_a_guideline_dashboard_has_the_api_counts_as_tables_and_chart_data(signed_in, reviewed):
    client = signed_in(reviewed.coordinator)
    gid = reviewed.guideline.pk
    api = client.get(f"/api/v1/dashboard/?guideline={gid}").json()["guidelines"][0]
    html = client.get(f"/guidelines/{gid}/dashboard/").content.decode()
    for key in ("by_status", "by_type", "by_decision", "by_organisation_kind"):
        table = re.search(rf'data-group="{key}">(.*?)</table>', html, re.S).group(1)
        shown = [int(n) for n in re.findall(r'<td class="text-end">(?:<a [^>]*>)?(\d+)', table)]
        assert sum(shown) == sum(api["comments"][key].values()), key
        assert f'id="chart-data-{key}"' in html
    assert 'role="img"' in html and "Bar chart: Submitted comments by type" in html
    # The number of technical comments links to the queue filtered to them.
    assert f'href="/guidelines/{gid}/queue/?status=submitted&amp;type=technical">3</a>' in html


def test_the_coverage_matrix_links_each_cell_to_the_queue(signed_in, reviewed):
    client = signed_in(reviewed.coordinator)
    gid, sid = reviewed.guideline.pk, reviewed.defaults.pk
    html = client.get(f"/guidelines/{gid}/dashboard/?sort=member_state").content.decode()
    url = (
        f"/guidelines/{gid}/queue/?status=submitted"
        f"&amp;section={sid}&amp;organisation_kind=member_state"
    )
    assert f'<td class="text-end cov-4"><a href="{url}">2</a></td>' in html
    total = url.split("&amp;organisation_kind")[0]
    assert f'<td class="text-end fw-semibold"><a href="{total}">2</a></td>' in html
    rows = re.findall(r'<tr data-section="(\d*)">', html)
    assert rows[0] == str(sid)  # sorted by member states, most first
    assert 'aria-sort="descending"' in html
    queue = client.get(url.replace("&amp;", "&")).content.decode()
    assert "Name the profiling" in queue and "Please define" not in queue


def test_overdue_assignments_and_silent_organisations_are_listed(signed_in, reviewed):
    html = (
        signed_in(reviewed.coordinator)
        .get(f"/guidelines/{reviewed.guideline.pk}/dashboard/")
        .content.decode()
    )
    assert f'href="/comments/{reviewed.overdue.pk}/"' in html
    assert "Overdue assignments (1)" in html
    silent = re.search(r'aria-labelledby="silent-title">(.*?)</section>', html, re.S).group(1)
    assert "Chile" in silent and "Kenya" not in silent
    assert "Send a reminder" in silent


def test_a_reminder_tells_the_silent_organisations_delegates(signed_in, reviewed):
    client = signed_in(reviewed.coordinator)
    back = f"/guidelines/{reviewed.guideline.pk}/dashboard/"
    response = client.post(
        f"/consultations/{reviewed.consultation.pk}/remind/",
        {"organisation": reviewed.chile.pk, "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    told = Notification.objects.filter(recipient=reviewed.chilean)
    assert told.count() == 1 and "Reminder" in told.get().message
    assert "Chile reminded: 1 delegate(s) told." in client.get(back).content.decode()


def test_an_organisation_that_has_spoken_is_not_reminded(signed_in, reviewed):
    client = signed_in(reviewed.coordinator)
    client.post(
        f"/consultations/{reviewed.consultation.pk}/remind/", {"organisation": reviewed.kenya.pk}
    )
    assert not Notification.objects.filter(
        recipient=reviewed.drafter, message__startswith="Reminder"
    ).exists()
    page = client.get(f"/guidelines/{reviewed.guideline.pk}/dashboard/").content.decode()
    assert "Kenya has already submitted comments." in page


def test_an_editor_may_not_remind(signed_in, reviewed):
    client = signed_in(reviewed.editor)
    client.post(
        f"/consultations/{reviewed.consultation.pk}/remind/", {"organisation": reviewed.chile.pk}
    )
    assert not Notification.objects.filter(recipient=reviewed.chilean).exists()
    page = client.get(f"/guidelines/{reviewed.guideline.pk}/dashboard/").content.decode()
    assert "Only coordinators manage consultations." in page
    assert "Send a reminder" not in page


def test_a_consultation_dashboard_counts_only_that_consultation(signed_in, reviewed):
    client = signed_in(reviewed.coordinator)
    cid = reviewed.consultation.pk
    html = client.get(f"/consultations/{cid}/dashboard/").content.decode()
    api = client.get(f"/api/v1/dashboard/?consultation={cid}").json()["guidelines"][0]
    assert figure(html, "submitted") == str(api["comments"]["submitted"])
    assert f"consultation={cid}" in html


def test_the_dashboard_pages_make_a_constant_number_of_queries(signed_in, reviewed):
    client = signed_in(reviewed.coordinator)
    gid = reviewed.guideline.pk
    pages = ["/dashboard/", f"/guidelines/{gid}/dashboard/"]
    with CaptureQueriesContext(connection) as few:
        for page in pages:
            assert client.get(page).status_code == 200
    for n in range(5):
        SectionFactory(guideline=reviewed.guideline, heading=f"More {n}")
        organisation = OrganisationFactory(name=f"Silent {n}")
        UserFactory(roles=["delegate"], organisation=organisation)
        comment = submit(reviewed, reviewed.reporting, f"Point {n} on reporting.")
        comment_assign(
            comment=comment,
            editor=reviewed.editor,
            user=reviewed.coordinator,
            due_at=timezone.now() + dt.timedelta(days=1),
        )
        overdue(comment, days=(n + 1) / 24)
    with CaptureQueriesContext(connection) as many:
        for page in pages:
            assert client.get(page).status_code == 200
    assert len(many) == len(few)
