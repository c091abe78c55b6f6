"""Cells as member bodies write them: numbered MB/NC, acronyms, combined types, free clauses."""

import json

import pytest

from accounts.models import OrganisationKind
from consultation.models import Comment, CommentType
from tests.factories import OrganisationFactory

from .conftest import xlsx_file

URL = "/api/v1/comments/import/"


def post(client, consultation, upload, **extra):
    data = {"file": upload, "consultation": consultation.pk, **extra}
    return client.post(URL, data, format="multipart")


def row(mb, comment="A comment.", *, clause="1", kind="te"):
    return [mb, "", clause, "", kind, comment, ""]


@pytest.fixture
def bodies(orgs):
    """More member bodies: Denmark, China, Germany, the secretariat and two liaisons."""
    return {
        **orgs,
        "denmark": OrganisationFactory(name="Denmark", country="DK"),
        "china": OrganisationFactory(name="China", country="CN"),
        "germany": OrganisationFactory(name="Germany", country="DE"),
        "secretariat": OrganisationFactory(
            name="COP Secretariat", kind=OrganisationKind.SECRETARIAT, country=""
        ),
        "jrc": OrganisationFactory(name="JRC (EC)", kind=OrganisationKind.ACADEMIA, country=""),
        "iogp": OrganisationFactory(
            name="International Association of Oil & Gas Producers",
            kind=OrganisationKind.SECTOR_MEMBER,
            country="",
            aliases=["IOGP"],
        ),
    }


@pytest.mark.parametrize(
    ("cell", "who", "reference"),
    [
        ("KE", "kenya", ""),
        ("KE 001", "kenya", "KE 001"),
        ("FR-007", "france", "FR-007"),
        ("DK1-006", "denmark", "DK1-006"),
        ("CN-001\n-002", "china", "CN-001"),  # the collation's own number on the next line
        ("**", "secretariat", ""),
        ("**-001", "secretariat", "**-001"),
        ("AFNOR-001", "france", "AFNOR-001"),
        ("DIN", "germany", ""),
        ("IOGP-001", "iogp", "IOGP-001"),
        ("JRC (EC)-021", "jrc", "JRC (EC)-021"),
        ("Safer Childhood Network", "network", ""),
    ],
)
def test_member_body_cells(client_for, consulted, bodies, cell, who, reference):
    response = post(
        client_for(consulted["editor"]), consulted["consultation"], xlsx_file([row(cell)])
    )

    assert response.status_code == 201, response.json()
    comment = Comment.objects.get()
    assert comment.organisation == bodies[who]
    assert comment.external_ref == reference
    shown = client_for(consulted["editor"]).get(f"/api/v1/comments/{comment.pk}/").json()
    assert shown["external_ref"] == reference


def test_every_unknown_member_body_is_listed_and_can_be_mapped(client_for, consulted, bodies):
    rows = [row("Eclipse Foundation"), row("KE-001"), row("XYZ-004"), row("Eclipse Foundation")]
    client = client_for(consulted["editor"])
    response = post(client, consulted["consultation"], xlsx_file(rows))

    assert response.status_code == 400
    errors = {(e["row"], e["field"]) for e in response.json()["errors"]}
    assert errors == {(2, "organisation"), (4, "organisation"), (5, "organisation")}
    preview = post(client, consulted["consultation"], xlsx_file(rows), dry_run="true").json()
    assert preview["unknown_member_bodies"] == [
        {"member_body": "Eclipse Foundation", "rows": [2, 5]},
        {"member_body": "XYZ", "rows": [4]},
    ]
    mapping = {"Eclipse Foundation": bodies["network"].pk, "XYZ": bodies["jrc"].pk}
    response = post(
        client, consulted["consultation"], xlsx_file(rows), member_bodies=json.dumps(mapping)
    )
    assert response.status_code == 201, response.json()
    imported = Comment.objects.order_by("pk")
    assert [c.organisation for c in imported] == [
        bodies["network"],
        bodies["kenya"],
        bodies["jrc"],
        bodies["network"],
    ]
    assert imported[2].external_ref == "XYZ-004"


@pytest.mark.parametrize(
    "mapping",
    ['{"XYZ": 999999}', '{"XYZ": 99999999999999999999}', '["XYZ"]', '{"XYZ": "twelve"}', "nope"],
)
def test_a_bad_member_body_mapping_is_400(client_for, consulted, bodies, mapping):
    response = post(
        client_for(consulted["editor"]),
        consulted["consultation"],
        xlsx_file([row("XYZ")]),
        member_bodies=mapping,
    )

    assert response.status_code == 400
    assert "member_bodies" in response.json()
    assert Comment.objects.count() == 0


def test_a_coordinator_adds_an_alias_the_import_then_knows(
    client_for, consulted, bodies, coordinator
):
    response = client_for(coordinator).patch(
        f"/api/v1/organisations/{bodies['network'].pk}/", {"aliases": ["SCN"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["aliases"] == ["SCN"]

    response = post(
        client_for(consulted["editor"]), consulted["consultation"], xlsx_file([row("SCN-3")])
    )
    assert response.status_code == 201, response.json()
    assert Comment.objects.get().organisation == bodies["network"]


@pytest.mark.parametrize(
    ("cell", "expected", "warned"),
    [
        ("te", CommentType.TECHNICAL, False),
        ("TE.", CommentType.TECHNICAL, False),
        ("tech", CommentType.TECHNICAL, False),
        ("Editorial", CommentType.EDITORIAL, False),
        ("Ed/te", CommentType.TECHNICAL, True),
        ("te/ed", CommentType.TECHNICAL, True),
        ("ed, ge", CommentType.GENERAL, True),
        ("", CommentType.GENERAL, True),
    ],
)
def test_types_of_comment(client_for, consulted, orgs, cell, expected, warned):
    upload = xlsx_file([row("Kenya", kind=cell)])
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 201, response.json()
    assert Comment.objects.get().type == expected
    warnings = [w for w in response.json()["warnings"] if w["field"] == "type"]
    assert bool(warnings) == warned
    if cell and warned:
        assert repr(cell) in warnings[0]["message"]


def test_an_unreadable_type_stays_an_error(client_for, consulted, orgs):
    upload = xlsx_file([row("Kenya", kind="urgent")])
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "type"


@pytest.mark.parametrize(
    ("cell", "clause", "warned"),
    [
        ("2.1", "2.1", False),
        ("Clause 2.1.", "2.1", False),
        ("02.1, 2,10, 1", "2.1", False),
        ("9.4, 2.10 and 2", "2.10", False),  # the first clause the version has
        ("2 and throughout", "2", False),
        ("General", None, False),
        ("Whole document", None, False),
        ("Document", None, False),
        ("6.1 and throughout", None, True),
        ("Annex A.1", None, True),
    ],
)
def test_free_text_clauses(client_for, consulted, orgs, cell, clause, warned):
    upload = xlsx_file([row("Kenya", clause=cell)])
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 201, response.json()
    comment = Comment.objects.get()
    assert comment.section == (consulted["sections"][clause] if clause else None)
    assert comment.clause_ref == cell
    warnings = response.json()["warnings"]
    assert bool(warnings) == warned
    if warned:
        assert warnings[0]["field"] == "clause" and warnings[0]["row"] == 2
        assert "attached to the guideline as a whole" in warnings[0]["message"]


def test_text_keeps_line_breaks_tabs_and_special_spaces(client_for, consulted, orgs):
    text = "First line\nsecond\tcolumn\u00a0kept \u201cquoted\u201d"
    upload = xlsx_file([row("Kenya", comment=text)])
    response = post(client_for(consulted["editor"]), consulted["consultation"], upload)

    assert response.status_code == 201
    assert Comment.objects.get().body == text
