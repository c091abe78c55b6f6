"""A value outside a list of choices is refused naming every valid value: bodies and filters."""

import pytest

from tests.factories import GuidelineFactory

pytestmark = pytest.mark.django_db


def test_body_choice_error_lists_the_valid_values(client_for, coordinator):
    guideline = GuidelineFactory()
    response = client_for(coordinator).post(
        f"/api/v1/guidelines/{guideline.pk}/transition/", {"to": "policy"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["to"] == [
        '"policy" is not a valid choice; use one of "drafting", "consultation", "resolution", '
        '"expert_review", "approval", "published".'
    ]


def test_model_field_choice_error_lists_the_valid_values(client_for, coordinator):
    response = client_for(coordinator).post(
        "/api/v1/guidelines/",
        {"title": "Guidelines for policy-makers", "slug": "cop-x", "audience": "policy"},
        format="json",
    )
    assert response.status_code == 400
    message = response.json()["audience"][0]
    assert message.startswith('"policy" is not a valid choice; use one of "children", ')
    assert '"policymakers"' in message


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/comments/", "status"),  # a declared filter
        ("/api/v1/guidelines/", "stage"),  # one a view builds from filterset_fields
    ],
)
def test_filter_choice_error_lists_the_valid_values(client_for, coordinator, url, parameter):
    response = client_for(coordinator).get(url, {parameter: "policy"})
    assert response.status_code == 400
    message = response.json()[parameter][0]
    assert message.startswith('"policy" is not a valid choice; use one of "')
    assert '""' not in message  # the empty "any" choice is not a value to use


def test_filter_value_with_a_percent_sign_is_a_400_not_a_500(client_for, coordinator):
    response = client_for(coordinator).get("/api/v1/guidelines/", {"stage": "100%"})
    assert response.status_code == 400
    assert response.json()["stage"][0].startswith('"100%" is not a valid choice; use one of ')
