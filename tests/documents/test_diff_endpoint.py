"""GET /sections/{id}/diff/: both revisions read at once, any pair of them, clear errors."""

import pytest

from consultation.diffing import text_diff
from consultation.services.documents import section_delete, section_update

pytestmark = pytest.mark.django_db

URL = "/api/v1/sections/{}/diff/"


@pytest.fixture
def long_section(section, editor):
    """The section at revision 3 with a long body: ~2,000 words in 40 paragraphs."""
    paragraphs = [
        f"Paragraph {n}: services likely to be used by children should be private by default."
        for n in range(40)
    ]
    section_update(
        section=section, user=editor, expected_revision=1, body="\n\n".join(paragraphs) + "\n"
    )
    paragraphs[0] = paragraphs[0].replace("private", "safe")
    paragraphs[-1] = paragraphs[-1].replace("children", "young people")
    section_update(
        section=section,
        user=editor,
        expected_revision=2,
        heading="Privacy by default",
        body="\n\n".join(paragraphs) + "\n",
    )
    section.refresh_from_db()
    return section


def test_diff_of_two_long_revisions(client_for, delegate, long_section, django_assert_num_queries):
    client = client_for(delegate)
    with django_assert_num_queries(2):  # the section, then both revisions
        response = client.get(URL.format(long_section.pk), {"from": 2, "to": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["heading"] == {"from": "Safety by design", "to": "Privacy by default"}
    edits = [(c["op"], c["text"]) for c in body["changes"] if c["op"] != "equal"]
    assert edits == [
        ("delete", "private"),
        ("insert", "safe"),
        ("delete", "children"),
        ("insert", "young people"),
    ]
    assert "-Paragraph 0: services" in body["unified"]
    assert "+Paragraph 39: services likely to be used by young people" in body["unified"]


def test_any_two_revisions_in_either_order(client_for, delegate, long_section):
    client = client_for(delegate)
    backwards = client.get(URL.format(long_section.pk), {"from": 3, "to": 1}).json()
    history = {row["revision"]: row for row in long_section.history.values("revision", "body")}
    expected = text_diff(history[3]["body"], history[1]["body"], from_label="r3", to_label="r1")
    assert (backwards["from"], backwards["to"]) == (3, 1)
    assert backwards["changes"] == expected["changes"]
    assert backwards["unified"] == expected["unified"]


def test_a_revision_against_itself_is_unchanged(client_for, delegate, long_section):
    body = client_for(delegate).get(URL.format(long_section.pk), {"from": 2, "to": 2}).json()
    assert [change["op"] for change in body["changes"]] == ["equal"]
    assert body["unified"] == ""


@pytest.mark.parametrize(
    ("query", "field"), [({"from": 7, "to": 1}, "from"), ({"from": 1, "to": 7}, "to")]
)
def test_missing_revision_names_the_range(client_for, delegate, long_section, query, field):
    response = client_for(delegate).get(URL.format(long_section.pk), query)
    assert response.status_code == 400
    assert response.json()[field] == ["No revision 7; this section has revisions 1 to 3."]


@pytest.mark.parametrize("revision", [2**31, 2**63, 10**30])
def test_revision_beyond_any_number_stored(client_for, delegate, long_section, revision):
    response = client_for(delegate).get(URL.format(long_section.pk), {"from": 1, "to": revision})
    assert response.status_code == 400
    assert response.json()["to"] == [f"No revision {revision}; this section has revisions 1 to 3."]


def test_deleted_section_has_no_diff(client_for, delegate, editor, section):
    section_delete(section=section, user=editor)
    assert client_for(delegate).get(URL.format(section.pk)).status_code == 404


@pytest.mark.parametrize("section_id", [987654, 2**63, 10**30])
def test_no_such_section_is_404(client_for, delegate, section, section_id):
    response = client_for(delegate).get(URL.format(section_id))
    assert response.status_code == 404
