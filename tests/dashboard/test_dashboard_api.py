"""GET /api/v1/dashboard/: figures equal independent counts, constant queries, scope, roles."""

import pytest
from django.urls import reverse

from accounts.models import OrganisationKind
from consultation.models import Comment
from tests.factories import UserFactory

from .builders import (
    assert_dashboard_matches,
    editors,
    expected_dashboard,
    make_guideline,
    make_organisations,
)

URL = "/api/v1/dashboard/"
# With a forced login the dashboard is one query, whatever the number of guidelines and
# comments (token authentication adds one).
DASHBOARD_QUERIES = 1

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset():
    organisations = make_organisations(8)
    team = editors(2)
    built = [
        make_guideline(organisations, team, seed=0, comments=30),
        make_guideline(
            organisations,
            team,
            seed=5,
            comments=17,
            invited_kinds=[OrganisationKind.ACADEMIA, OrganisationKind.YOUTH],
        ),
    ]
    return {"organisations": organisations, "editors": team, "built": built}


def test_figures_equal_independent_counts(client_for, coordinator, dataset):
    response = client_for(coordinator).get(URL)

    assert response.status_code == 200, response.content
    body = response.json()
    assert "generated_at" in body
    consultations = [c for _, c in dataset["built"]]
    expected = expected_dashboard(consultations)
    entries = {g["id"]: g for g in body["guidelines"]}
    for guideline, _ in dataset["built"]:
        entry = entries[guideline.pk]
        assert entry["slug"] == guideline.slug
        assert entry["stage"] == guideline.stage
        assert_dashboard_matches(entry, expected[guideline.pk])
    # The dataset is varied enough for every part of the dashboard to show something.
    first = entries[dataset["built"][0][0].pk]
    assert first["overdue_assignments"] and first["standing_objections"]
    assert first["unresolved_per_editor"] and first["silent_organisations"]
    assert first["coverage"][0]["section"] is None  # general comments come first


def test_overdue_entries_name_assignee_and_due_date(client_for, coordinator, dataset):
    body = client_for(coordinator).get(URL).json()

    overdue = body["guidelines"][0]["overdue_assignments"]
    usernames = {u.pk: u.username for u in dataset["editors"]}
    for item in overdue:
        assert usernames[item["assignee"]] == item["assignee_username"]
        assert item["due_at"] < body["generated_at"]


def test_overdue_list_is_capped_oldest_first(client_for, coordinator, dataset, monkeypatch):
    monkeypatch.setattr("reviews.dashboard.selectors.OVERDUE_LIMIT", 1)
    guideline, consultation = dataset["built"][0]
    expected = expected_dashboard([consultation])[guideline.pk]["overdue"]
    assert len(expected) > 1

    entry = client_for(coordinator).get(URL, {"guideline": guideline.pk}).json()["guidelines"][0]

    assert entry["overdue_total"] == len(expected)
    listed = entry["overdue_assignments"]
    oldest = sorted(Comment.objects.filter(pk__in=expected).values_list("due_at", "pk"))[:1]
    assert [item["comment"] for item in listed] == [pk for _, pk in oldest]


@pytest.mark.parametrize("guidelines", [1, 20])
def test_query_count_is_constant(client_for, coordinator, django_assert_num_queries, guidelines):
    organisations = make_organisations(6)
    team = editors(2)
    for seed in range(guidelines):
        make_guideline(organisations, team, seed=seed, comments=6)
    client = client_for(coordinator)

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(URL)

    assert response.status_code == 200
    assert len(response.json()["guidelines"]) == guidelines


def test_consultation_narrows_to_its_guideline(client_for, coordinator, dataset):
    (_first, _), (second, consultation) = dataset["built"]
    other = make_guideline(dataset["organisations"], dataset["editors"], comments=0)[0]
    assert other.pk  # a guideline without comments must not appear either

    response = client_for(coordinator).get(URL, {"consultation": consultation.pk})

    assert response.status_code == 200
    entries = response.json()["guidelines"]
    assert [g["id"] for g in entries] == [second.pk]
    assert_dashboard_matches(entries[0], expected_dashboard([consultation])[second.pk])


def test_consultation_narrows_within_a_guideline(client_for, coordinator, dataset):
    """A second consultation on the same guideline is left out of the narrowed figures."""
    guideline, consultation = dataset["built"][0]
    from tests.factories import CommentFactory, ConsultationFactory, VersionFactory

    later = ConsultationFactory(version=VersionFactory(guideline=guideline))
    CommentFactory.create_batch(
        3, consultation=later, organisation=dataset["organisations"][0], status="submitted"
    )
    client = client_for(coordinator)

    everything = client.get(URL, {"guideline": guideline.pk}).json()["guidelines"][0]
    narrowed = client.get(URL, {"consultation": consultation.pk}).json()["guidelines"][0]

    assert everything["comments"]["submitted"] == narrowed["comments"]["submitted"] + 3
    assert_dashboard_matches(narrowed, expected_dashboard([consultation])[guideline.pk])
    assert_dashboard_matches(everything, expected_dashboard([consultation, later])[guideline.pk])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"consultation": "abc"}, "consultation"),
        ({"consultation": "0"}, "consultation"),
        ({"consultation": "999999"}, "consultation"),
        ({"guideline": "999999"}, "guideline"),
    ],
)
def test_bad_filters_are_400_with_the_field(client_for, coordinator, params, field):
    response = client_for(coordinator).get(URL, params)

    assert response.status_code == 400
    assert field in response.json()


def test_consultation_of_another_guideline_names_its_guideline(client_for, coordinator, dataset):
    (first, _), (second, consultation) = dataset["built"]

    response = client_for(coordinator).get(
        URL, {"guideline": first.pk, "consultation": consultation.pk}
    )

    assert response.status_code == 400
    (message,) = response.json()["consultation"]
    assert message.startswith(
        f"Consultation {consultation.pk} belongs to guideline {second.pk}, not guideline {first.pk}"
    )


def test_empty_guideline_has_zeros_and_no_share(client_for, coordinator):
    organisations = make_organisations(3)
    guideline, _ = make_guideline(organisations, editors(1), comments=0)

    body = client_for(coordinator).get(URL).json()

    entry = next(g for g in body["guidelines"] if g["id"] == guideline.pk)
    assert entry["comments"]["submitted"] == 0
    assert entry["comments"]["share_resolved"] is None
    assert set(entry["comments"]["by_status"].values()) == {0}
    assert len(entry["coverage"]) == 3


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        (["coordinator"], 200),
        (["editor"], 200),
        (["delegate"], 403),
        (["approver"], 403),
        ([], 403),
    ],
)
def test_roles(client_for, roles, status):
    user = UserFactory(roles=roles)

    assert client_for(user).get(URL).status_code == status


def test_anonymous_is_401(api):
    response = api.get(URL)

    assert response.status_code == 401


def test_url_name():
    assert reverse("dashboard") == URL
