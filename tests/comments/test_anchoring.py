"""Anchors are checked against the consulted text and found again after the section changes."""

import pytest

from consultation.anchoring import locate
from consultation.models import Comment
from consultation.services.comments import comments_reanchor
from consultation.services.documents import section_update

from .conftest import BODY, QUOTE, anchor_for

pytestmark = pytest.mark.django_db


def post_anchor(world, client_for, anchor, **extra):
    return client_for(world.kenyan).post(
        "/api/v1/comments/",
        {
            "consultation": world.consultation.pk,
            "section": world.section.pk,
            "type": "editorial",
            "body": "Wording.",
            "anchor": anchor,
            **extra,
        },
        format="json",
    )


START = BODY.index(QUOTE)
END = START + len(QUOTE)


@pytest.mark.parametrize(
    "anchor",
    [
        {"quote": QUOTE, "start": START + 1, "end": END + 1},  # not at that place
        {"quote": QUOTE, "start": START, "end": END + 3},  # length disagrees
        {"quote": QUOTE, "start": START, "end": END, "prefix": "nothing like it "},
        {"quote": QUOTE, "start": START, "end": END, "suffix": " nothing like it"},
        {"quote": "invented words", "start": 0, "end": 14},
        {"quote": QUOTE, "start": len(BODY), "end": len(BODY) + len(QUOTE)},
        {"quote": "", "start": START, "end": END},
        {"quote": QUOTE, "start": -1, "end": END},
    ],
)
def test_bad_anchor_is_a_400_on_anchor(world, client_for, anchor):
    response = post_anchor(world, client_for, anchor)
    assert response.status_code == 400
    assert "anchor" in response.json()
    assert not Comment.objects.exists()


def test_misplaced_quote_is_told_where_it_does_occur(world, client_for):
    response = post_anchor(world, client_for, {"quote": QUOTE, "start": START + 1, "end": END + 1})
    assert response.status_code == 400
    [message] = response.json()["anchor"]
    assert message == (
        f"The quote is not at {START + 1}:{END + 1} of the consulted text, which reads "
        f"{BODY[START + 1 : END + 1]!r} there. The quote occurs at {START}:{END}."
    )


def test_offsets_count_code_points_and_the_errors_say_so(world, client_for):
    """An emoji is one code point (two UTF-16 units): offsets a browser counts in UTF-16 miss."""
    world.section.body = "Emoji \U0001f600 then the strongest privacy settings."
    world.section.save()
    world.version.sections.filter(section=world.section).update(body=world.section.body)
    body = world.section.body
    start = body.index(QUOTE)
    good = post_anchor(world, client_for, {"quote": QUOTE, "start": start, "end": start + 30})
    assert good.status_code == 201, good.json()

    utf16 = post_anchor(
        world, client_for, {"quote": QUOTE, "start": start + 1, "end": start + 1 + len(QUOTE)}
    )
    assert utf16.json()["anchor"][0].endswith(f"The quote occurs at {start}:{start + 30}.")
    length = post_anchor(world, client_for, {"quote": QUOTE, "start": start, "end": start + 31})
    assert length.json()["anchor"] == [
        f"end - start must equal the length of the quote (30; offsets count Unicode code "
        f"points of the section body, from 0; end is exclusive). The quote occurs at "
        f"{start}:{start + 30}."
    ]


def test_quote_found_nowhere_says_so(world, client_for):
    response = post_anchor(world, client_for, {"quote": "invented words", "start": 0, "end": 14})
    assert response.json()["anchor"][0].endswith("The quote does not occur in the consulted text.")


def test_schema_states_the_unit_of_start_and_end(api):
    schema = api.get("/api/schema/?format=json").json()
    anchor = schema["components"]["schemas"]["Anchor"]["properties"]
    assert "Unicode code points" in anchor["start"]["description"]
    assert "Unicode code points" in anchor["end"]["description"]


def test_anchor_needs_a_section(world, client_for):
    response = post_anchor(world, client_for, anchor_for(BODY, QUOTE), section=None)
    assert response.status_code == 400
    assert "anchor" in response.json()


def test_good_anchor_keeps_given_context_or_fills_it(world, client_for):
    given = anchor_for(BODY, QUOTE, prefix="switch on ", suffix=" by default")
    assert post_anchor(world, client_for, given).json()["anchor"] == given
    filled = post_anchor(world, client_for, anchor_for(BODY, QUOTE)).json()["anchor"]
    assert filled["prefix"] and filled["suffix"]
    assert filled["prefix"] + QUOTE + filled["suffix"] in BODY


def test_anchor_is_checked_against_the_consulted_version_not_the_current_text(world, client_for):
    section_update(
        section=world.section,
        user=world.editor,
        expected_revision=world.section.revision,
        body="A completely rewritten paragraph about safety.",
    )
    assert post_anchor(world, client_for, anchor_for(BODY, QUOTE)).status_code == 201
    new = "A completely rewritten paragraph"
    refused = post_anchor(world, client_for, {"quote": new, "start": 0, "end": len(new)})
    assert refused.status_code == 400


# --- Re-anchoring after revisions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_body", "state", "current"),
    [
        # Text added after the passage: the same words at the same place.
        (BODY + " Review these settings every year.", "exact", QUOTE),
        # Text inserted before: the passage moved.
        ("Introduction first. " + BODY, "moved", QUOTE),
        # Text deleted before: moved the other way.
        (BODY.replace("Online services used by children", "Services"), "moved", QUOTE),
        # The passage reworded a little: found approximately.
        (
            BODY.replace("the strongest privacy settings", "the strongest privacy options"),
            "fuzzy",
            "the strongest privacy options",
        ),
        # The passage deleted: nothing left to point at.
        (
            "Families need clear explanations of what data is collected and why.",
            "orphaned",
            None,
        ),
    ],
)
def test_reanchoring_after_a_revision(world, client_for, make_comment, new_body, state, current):
    comment = make_comment(submit=True)
    revise = {
        "section": world.section,
        "user": world.editor,
        "expected_revision": world.section.revision,
        "body": new_body,
    }
    section = section_update(**revise)
    shown = client_for(world.kenyan).get(f"/api/v1/comments/{comment.pk}/").json()
    assert shown["anchor_state"] == state
    if current is None:
        assert shown["current_start"] is None and shown["current_end"] is None
    else:
        assert new_body[shown["current_start"] : shown["current_end"]] == current
    # The anchor as consulted never changes.
    assert shown["anchor"]["quote"] == QUOTE and shown["anchor"]["start"] == START

    # The save stored the same answer (the `anchor_state` filter reads it): nothing left stale.
    comment.refresh_from_db()
    assert (comment.anchor_state, comment.anchored_revision) == (state, section.revision)
    assert comments_reanchor(section=section) == 0


def test_section_edit_stores_the_new_anchor_state(world, make_comment):
    comment = make_comment(submit=True)
    section = section_update(
        section=world.section,
        user=world.editor,
        expected_revision=world.section.revision,
        body="Introduction first. " + BODY,
    )
    comment.refresh_from_db()
    assert (comment.anchor_state, comment.anchored_revision) == ("moved", section.revision)
    assert comment.current_start == len("Introduction first. ") + START


def test_anchor_state_filter_sees_revisions_even_without_the_hook(world, client_for, make_comment):
    comment = make_comment()
    section_update(
        section=world.section,
        user=world.editor,
        expected_revision=world.section.revision,
        body="Introduction first. " + BODY,
    )
    client = client_for(world.kenyan)
    moved = client.get("/api/v1/comments/?anchor_state=moved").json()["results"]
    exact = client.get("/api/v1/comments/?anchor_state=exact").json()["results"]
    assert [c["id"] for c in moved] == [comment.pk]
    assert exact == []


def test_repeated_quote_is_told_apart_by_its_context():
    text = "Set strong defaults for apps. Later, set strong defaults for games as well."
    quote = "strong defaults"
    second = text.rindex(quote)
    prefix, suffix = text[second - 10 : second], text[second + len(quote) :][:10]
    revised = "Note. " + text
    found = locate(revised, quote=quote, prefix=prefix, suffix=suffix, start=second)
    assert found.state == "moved"
    assert found.start == revised.rindex(quote)


def test_unrelated_text_is_orphaned_not_fuzzy():
    found = locate(
        "Teachers should report concerns to the designated safeguarding lead.",
        quote=QUOTE,
        prefix="",
        suffix="",
        start=10,
    )
    assert found.state == "orphaned"
