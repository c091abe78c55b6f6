"""Member bodies Concord does not know, created as organisations in the same import."""

import json

from accounts.models import Organisation
from consultation.models import Comment
from consultation.rules import is_invited
from tests.factories import UserFactory

from .conftest import csv_file

URL = "/api/v1/comments/import/"
ROWS = [
    ["IOGP-001", "", "1", "", "te", "A liaison's comment.", ""],
    ["Eclipse Foundation", "", "2", "", "ed", "Another body.", ""],
    ["Kenya", "", "2", "", "ge", "Known already.", ""],
]


def post(client, consultation, mapping, **data):
    return client.post(
        URL,
        {
            "file": csv_file(ROWS),
            "consultation": consultation.pk,
            "member_bodies": json.dumps(mapping),
            **data,
        },
        format="multipart",
    )


CREATE = {"IOGP": {"create": "sector_member"}, "Eclipse Foundation": {"create": "civil_society"}}


def test_the_preview_lists_the_organisations_it_would_create_and_creates_none(
    client_for, consulted, orgs
):
    client = client_for(consulted["editor"])
    first = client.post(
        URL,
        {"file": csv_file(ROWS), "consultation": consulted["consultation"].pk, "dry_run": "true"},
        format="multipart",
    ).json()
    assert [b["member_body"] for b in first["unknown_member_bodies"]] == [
        "IOGP",
        "Eclipse Foundation",
    ]

    response = post(client, consulted["consultation"], CREATE, dry_run="true")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["created_organisations"] == [
        {"member_body": "IOGP", "organisation": None, "name": "IOGP", "kind": "sector_member"},
        {
            "member_body": "Eclipse Foundation",
            "organisation": None,
            "name": "Eclipse Foundation",
            "kind": "civil_society",
        },
    ]
    assert (body["would_create"], body["unknown_member_bodies"], body["errors"]) == (3, [], [])
    assert not Organisation.objects.filter(name__in=["IOGP", "Eclipse Foundation"]).exists()


def test_the_import_creates_them_invited_to_the_consultation(client_for, consulted, orgs):
    response = post(client_for(consulted["editor"]), consulted["consultation"], CREATE)

    assert response.status_code == 201, response.json()
    iogp = Organisation.objects.get(name="IOGP")
    assert iogp.kind == "sector_member"
    assert iogp.history.first().history_user == consulted["editor"]
    assert is_invited(consulted["consultation"], iogp)
    assert Comment.objects.get(external_ref="IOGP-001").organisation == iogp
    created = response.json()["created_organisations"]
    assert [c["organisation"] for c in created] == [
        iogp.pk,
        Organisation.objects.get(name="Eclipse Foundation").pk,
    ]


def test_bad_creations_are_refused_together_and_nothing_is_saved(client_for, consulted, orgs):
    mapping = {
        "IOGP": {"create": "member_state"},  # names no country
        "Eclipse Foundation": {"create": "club"},
        "Kenya": {"create": "member_state"},  # exists
    }
    response = post(client_for(consulted["editor"]), consulted["consultation"], mapping)

    assert response.status_code == 400
    problems = response.json()["member_bodies"]
    assert len(problems) == 3
    assert "IOGP names no country" in problems[0]
    assert "'club' is not a kind of organisation" in problems[1]
    assert "an organisation named Kenya exists; map the body to it instead" in problems[2]
    assert Organisation.objects.count() == 3 and Comment.objects.count() == 0


def test_a_kind_the_consultation_does_not_invite_is_invited_by_name(client_for, consulted, orgs):
    consultation = consulted["consultation"]
    consultation.invited_kinds = ["member_state"]
    consultation.save()
    response = post(client_for(consulted["editor"]), consultation, CREATE)
    assert response.status_code == 201, response.json()
    assert set(consultation.invited_organisations.values_list("name", flat=True)) >= {
        "IOGP",
        "Eclipse Foundation",
    }


def test_a_file_rejected_later_leaves_no_organisation_behind(client_for, consulted, orgs):
    rows = [*ROWS, ["Kenya", "", "1", "", "??", "An unreadable type.", ""]]
    response = client_for(consulted["editor"]).post(
        URL,
        {
            "file": csv_file(rows),
            "consultation": consulted["consultation"].pk,
            "member_bodies": json.dumps(CREATE),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "import_rejected"
    assert not Organisation.objects.filter(name="IOGP").exists()


def test_an_editor_of_another_guideline_creates_nothing(client_for, consulted, orgs):
    stranger = UserFactory(roles=["editor"])
    response = post(client_for(stranger), consulted["consultation"], CREATE)
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="IOGP").exists()
