"""Update requests in the web interface: file, support, decline with a reason."""

import pytest

from consultation.models import UpdateRequest

pytestmark = pytest.mark.django_db


def test_a_member_state_files_another_supports_a_coordinator_declines(signed_in, world):
    url = f"/guidelines/{world.guideline.pk}/update-requests/"
    kenya = signed_in(world.focal)
    empty = kenya.post(url, {"rationale": ""})
    assert empty.status_code == 400 and "There is a problem" in empty.content.decode()
    kenya.post(url, {"rationale": "Age assurance has moved on since 2020."})
    request = UpdateRequest.objects.get()
    assert "Support this request" not in kenya.get(url).content.decode()  # our own request
    chile = signed_in(world.chilean)
    assert "Support this request" in chile.get(url).content.decode()
    chile.post(f"/update-requests/{request.pk}/support/")
    assert list(request.supporters.values_list("name", flat=True)) == ["Chile"]
    coordinator = signed_in(world.coordinator)
    refused = coordinator.post(
        f"/update-requests/{request.pk}/decline/", {"reason": ""}, follow=True
    )
    assert "Say why the request is declined." in refused.content.decode()
    coordinator.post(f"/update-requests/{request.pk}/decline/", {"reason": "Next year."})
    request.refresh_from_db()
    assert (request.status, request.decision_reason) == ("declined", "Next year.")
    assert coordinator.post(f"/update-requests/{request.pk}/delete/").status_code == 404


def test_an_open_request_reads_in_its_own_french_words(signed_in, world, catalogs):
    """'Open' of a request and 'Open' of a consultation are translated apart (contexts)."""
    catalogs(
        {
            "fr": {
                "update request status\x04Open": "En attente",
                "consultation status\x04Open": "Ouverte",
            }
        }
    )
    world.focal.language = "fr"
    world.focal.save(update_fields=["language"])
    kenya = signed_in(world.focal)
    url = f"/guidelines/{world.guideline.pk}/update-requests/"
    kenya.post(url, {"rationale": "Age assurance has moved on since 2020."})
    html = kenya.get(url).content.decode()
    assert " · En attente · " in html and "Ouverte" not in html
