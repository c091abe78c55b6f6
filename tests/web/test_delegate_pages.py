"""The delegate's pages through Django's test client: what each person sees and may do."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from accounts.models import OrganisationKind
from consultation.models import Comment, CommentStatus, Decision
from consultation.services.comments import comment_create, comment_submit
from notifications.models import EmailPreference, Notification
from notifications.selectors import email_preference_of
from reviews.services.comments import comment_resolve
from tests.factories import PASSWORD, CommentFactory, ConsultationFactory, SectionFactory

from .world import SCOPE, close

pytestmark = pytest.mark.django_db


def anchor(text: str, quote: str) -> dict:
    """The anchor the page script builds: code-point offsets into the consulted text."""
    start = text.index(quote)
    return {
        "quote": quote,
        "prefix": text[max(0, start - 32) : start],
        "suffix": text[start + len(quote) : start + len(quote) + 32],
        "start": start,
        "end": start + len(quote),
    }


def draft(world, user, section, body="Please define 'likely to use'.", **extra):
    return comment_create(
        user=user,
        consultation=world.consultation,
        type="technical",
        body=body,
        section=section,
        **extra,
    )


def test_pages_need_a_signed_in_person(client, world):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_sign_in_with_username_and_password_leads_home(client, world):
    page = client.get("/login/")
    assert b'name="username"' in page.content and b"csrfmiddlewaretoken" in page.content
    response = client.post("/login/", {"username": "ke-focal", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert "What needs <bdi>Kenya</bdi>" in home.content.decode()


def test_a_wrong_password_is_an_error_on_the_form(client, world):
    response = client.post("/login/", {"username": "ke-focal", "password": "wrong"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_home_lists_my_invitations_with_our_counts(signed_in, world):
    draft(world, world.drafter, world.scope)
    submitted = draft(world, world.focal, world.defaults)
    comment_submit(user=world.focal, comment=submitted)
    ConsultationFactory(
        title="Only for civil society", invited_kinds=[OrganisationKind.CIVIL_SOCIETY]
    )
    html = signed_in(world.focal).get("/").content.decode()
    assert "Consultation on Draft 2" in html
    assert "Only for civil society" not in html
    row = re.search(r"Consultation on Draft 2.*?</tr>", html, re.S).group(0)
    numbers = re.findall(r'<td class="text-end">(?:<a [^>]*>)?(\d+)', row)
    assert numbers == ["1", "1", "0"]  # drafts, submitted, withdrawn
    assert "days left" in row and "UTC" in row


def test_reading_page_shows_the_consulted_text_and_marks_our_passages(signed_in, world):
    draft(world, world.drafter, world.scope, anchor=anchor(SCOPE, "many young users"))
    world.scope.body = "A later edit that the consultation never saw."
    world.scope.save()
    html = signed_in(world.focal).get(f"/consultations/{world.consultation.pk}/").content.decode()
    assert "many young users</mark>" in html
    assert "A later edit" not in html  # the consulted version, not the live draft
    assert "Comment on this section" in html


def test_reading_page_isolates_and_escapes_headings_and_links_each_sections_comments(
    signed_in, world
):
    section = SectionFactory(guideline=world.guideline, heading="<b>حماية</b> & care")
    from tests.factories import VersionFactory

    world.consultation.version = VersionFactory(guideline=world.guideline, label="reading")
    world.consultation.save()
    draft(world, world.drafter, section)
    client = signed_in(world.focal)
    html = client.get(f"/consultations/{world.consultation.pk}/").content.decode()
    key = section.pk
    heading = "<bdi>&lt;b&gt;حماية&lt;/b&gt; &amp; care</bdi>"
    assert html.count(heading) == 2  # the table of contents and the section's own heading
    assert f'class="section-body" dir="auto" data-section="{key}"' in html
    assert "Show 1 comment<" in html
    url = re.search(f'hx-get="([^"]+)" hx-target="#comments-{key}"', html)[1]
    assert "Please define" in client.get(url).content.decode()


def test_reading_page_makes_the_same_queries_for_3_or_40_sections(signed_in, world):
    client = signed_in(world.focal)
    url = f"/consultations/{world.consultation.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(37):
        section = SectionFactory(guideline=world.guideline)
        # Anchored, so that each one is a marked passage as well as a count.
        CommentFactory(
            consultation=world.consultation,
            section=section,
            organisation=world.kenya,
            anchor_quote="Services",
            anchor_start=0,
            anchor_end=len("Services"),
        )
    from tests.factories import VersionFactory

    world.consultation.version = VersionFactory(guideline=world.guideline)
    world.consultation.save()
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count('class="section-body"') == 40
    assert html.count("<mark ") == 37
    assert len(many) == len(few)


def test_home_makes_the_same_queries_for_one_or_many_consultations(signed_in, world):
    client = signed_in(world.focal)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(10):
        ConsultationFactory(invited_kinds=[OrganisationKind.MEMBER_STATE])
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


def test_commenting_on_a_passage_makes_a_draft_with_code_point_offsets(signed_in, world):
    client = signed_in(world.drafter)
    quote = "in practice"  # after an emoji: UTF-16 and code-point offsets differ here
    data = {"section": world.scope.pk, "type": "editorial", "body": "Say how many."}
    data.update(anchor(SCOPE, quote))
    response = client.post(f"/consultations/{world.consultation.pk}/comment/", data)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.status, comment.organisation, comment.author) == (
        CommentStatus.DRAFT,
        world.kenya,
        world.drafter,
    )
    assert SCOPE[comment.anchor_start : comment.anchor_end] == quote
    assert comment.anchor_state == "exact"


def test_a_form_error_keeps_everything_typed_and_names_the_field(signed_in, world):
    client = signed_in(world.drafter)
    data = {
        "section": world.scope.pk,
        "type": "technical",
        "body": "",
        "proposed_change": "Add 'or affected by' after 'use'.",
        "line": "12",
    }
    response = client.post(f"/consultations/{world.consultation.pk}/comment/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_body"' in html  # the summary links to the field
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_body-help id_body-error"' in html
    assert "Add &#x27;or affected by&#x27; after &#x27;use&#x27;." in html
    assert 'value="12"' in html
    assert not Comment.objects.exists()


def test_an_anchor_that_does_not_match_the_text_is_refused_with_the_reason(signed_in, world):
    client = signed_in(world.drafter)
    data = {"section": world.scope.pk, "type": "technical", "body": "Typed text stays."}
    data.update(anchor(SCOPE, "in practice"), start=0, end=len("in practice"))
    response = client.post(f"/consultations/{world.consultation.pk}/comment/", data)
    html = response.content.decode()
    assert "is not at 0:11 of the consulted text" in html
    assert "Typed text stays." in html
    assert not Comment.objects.exists()


def test_another_organisation_never_sees_our_drafts(signed_in, world):
    mine = draft(world, world.drafter, world.scope, body="Kenya's private draft")
    client = signed_in(world.chilean)
    reading = client.get(f"/consultations/{world.consultation.pk}/").content.decode()
    assert "Show 1 comment" not in reading
    fragment = client.get(
        f"/consultations/{world.consultation.pk}/sections/{world.scope.pk}/comments/"
    ).content.decode()
    assert "Kenya's private draft" not in fragment
    assert client.get(f"/comments/{mine.pk}/").status_code == 404
    assert client.get(f"/comments/{mine.pk}/edit/").status_code == 404
    assert client.post(f"/comments/{mine.pk}/withdraw/").status_code == 404


def test_the_section_comments_load_one_page_at_a_time(signed_in, world):
    for n in range(25):
        draft(world, world.drafter, world.reporting, body=f"Draft number {n:02d}")
    client = signed_in(world.focal)
    url = f"/consultations/{world.consultation.pk}/sections/{world.reporting.pk}/comments/"
    first = client.get(url).content.decode()
    assert first.count("<article") == 20 and "More comments" in first
    after = re.search(r"\?after=(\d+)", first).group(1)
    second = client.get(f"{url}?after={after}").content.decode()
    assert second.count("<article") == 5 and "More comments" not in second


def test_a_delegate_who_is_not_the_focal_point_is_told_who_submits(signed_in, world):
    mine = draft(world, world.drafter, world.scope)
    client = signed_in(world.drafter)
    check = client.get(f"/consultations/{world.consultation.pk}/position/check/").content.decode()
    assert "Wanjiru Kamau" in check and "submits its position" in check
    response = client.post(
        f"/consultations/{world.consultation.pk}/position/submit/",
        {"comments": [mine.pk]},
        follow=True,
    )
    assert "focal point" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == CommentStatus.DRAFT


def test_the_focal_point_submits_the_chosen_drafts_only(signed_in, world):
    chosen = draft(world, world.drafter, world.scope)
    kept = draft(world, world.drafter, world.defaults)
    client = signed_in(world.focal)
    response = client.post(
        f"/consultations/{world.consultation.pk}/position/submit/",
        {"comments": [chosen.pk]},
        follow=True,
    )
    assert "1 comments submitted as the position of Kenya" in response.content.decode()
    chosen.refresh_from_db()
    kept.refresh_from_db()
    assert (chosen.status, kept.status) == (CommentStatus.SUBMITTED, CommentStatus.DRAFT)
    none = client.post(f"/consultations/{world.consultation.pk}/position/submit/", {}, follow=True)
    assert "Choose at least one draft." in none.content.decode()
    kept.refresh_from_db()
    assert kept.status == CommentStatus.DRAFT


def test_a_closed_consultation_turns_every_form_read_only(signed_in, world):
    mine = draft(world, world.drafter, world.scope)
    close(world.consultation)
    client = signed_in(world.focal)
    reading = client.get(f"/consultations/{world.consultation.pk}/").content.decode()
    assert "Comment on this section" not in reading
    assert "comments can no longer be changed" in reading
    form = client.get(
        f"/consultations/{world.consultation.pk}/comment/?section={world.scope.pk}"
    ).content.decode()
    assert "<fieldset disabled>" in form
    response = client.post(
        f"/consultations/{world.consultation.pk}/comment/",
        {"section": world.scope.pk, "type": "technical", "body": "Too late"},
    )
    assert "The consultation closed on" in response.content.decode()
    position = client.get(f"/consultations/{world.consultation.pk}/position/").content.decode()
    assert "Discard" not in position and "Check before you submit" not in position
    assert Comment.objects.get().pk == mine.pk


def resolved(world):
    comment = draft(world, world.drafter, world.scope)
    comment_submit(user=world.focal, comment=comment)
    return comment_resolve(
        comment=comment,
        user=world.editor,
        decision=Decision.PARTIALLY_ACCEPTED,
        rationale="Scope now names services children are affected by.",
    )


def test_home_makes_the_same_queries_for_few_or_many_comments_dispositions_notifications(
    signed_in, world
):
    resolved(world)
    client = signed_in(world.focal)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for section in [world.scope, world.defaults, world.reporting] * 4:
        comment = draft(world, world.drafter, section)
        comment_submit(user=world.focal, comment=comment)
        comment_resolve(
            comment=comment, user=world.editor, decision=Decision.ACCEPTED, rationale="Done."
        )
        draft(world, world.drafter, section)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/").content.decode()
    awaiting = re.search(r'id="awaiting-title".*?</section>', html, re.S).group(0)
    assert awaiting.count('<li class="list-group-item">') == 13  # with section and consultation
    unread = re.search(r'id="unread-title".*?</section>', html, re.S).group(0)
    assert unread.count("<li>") == 10  # the page lists the latest ten
    assert len(many) == len(few)


def test_our_comment_shows_its_disposition_and_takes_our_response(signed_in, world):
    comment = resolved(world)
    client = signed_in(world.focal)
    html = client.get(f"/comments/{comment.pk}/").content.decode()
    assert "Partially accepted" in html and "Observations of the secretariat" in html
    assert "Record the response" in html
    missing = client.post(f"/comments/{comment.pk}/respond/", {"response": "objection"})
    assert missing.status_code == 400
    assert "Say what the organisation objects to." in missing.content.decode()
    client.post(
        f"/comments/{comment.pk}/respond/", {"response": "objection", "note": "Too narrow."}
    )
    comment.refresh_from_db()
    assert (comment.response, comment.response_note) == ("objection", "Too narrow.")


def test_a_reply_joins_the_thread(signed_in, world):
    comment = resolved(world)
    client = signed_in(world.drafter)
    client.post(f"/comments/{comment.pk}/reply/", {"body": "Thank you; see our note."})
    html = client.get(f"/comments/{comment.pk}/").content.decode()
    assert "Thank you; see our note." in html
    empty = client.post(f"/comments/{comment.pk}/reply/", {"body": ""})
    assert empty.status_code == 400


def test_notifications_page_marks_read_and_saves_the_email_preference(signed_in, world):
    comment = resolved(world)
    notification = Notification.objects.filter(recipient=world.drafter).latest("id")
    client = signed_in(world.drafter)
    html = client.get("/notifications/").content.decode()
    assert escape(notification.message) in html and 'id="unread-count"' in html
    response = client.post(f"/notifications/{notification.pk}/read/")
    assert response["Location"] == f"/comments/{comment.pk}/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    client.post("/notifications/preference/", {"email": "daily"})
    assert email_preference_of(world.drafter) == EmailPreference.DAILY


def test_forms_refuse_a_post_without_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.drafter)
    response = client.post(
        f"/consultations/{world.consultation.pk}/comment/",
        {"section": world.scope.pk, "type": "technical", "body": "Forged"},
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_home_shows_a_drafting_delegate_their_organisation_and_an_editor_their_guidelines(
    signed_in, world
):
    draft(world, world.drafter, world.scope)
    drafter_home = signed_in(world.drafter).get("/").content.decode()
    assert (
        "What needs <bdi>Kenya</bdi>" in drafter_home
        and "awaiting your organisation" in drafter_home
    )
    editor_home = signed_in(world.editor).get("/").content.decode()
    assert "Guidelines you work on" in editor_home and "Comment queue" in editor_home
    assert "awaiting your organisation" not in editor_home


def test_our_comments_page_makes_the_same_queries_for_2_or_30_comments(signed_in, world):
    for section in (world.scope, world.defaults):
        draft(world, world.drafter, section)
    client = signed_in(world.focal)
    url = f"/consultations/{world.consultation.pk}/position/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(28):
        comment = draft(world, world.drafter, world.reporting, body=f"Draft {n}")
        if n % 2:
            comment_submit(user=world.focal, comment=comment)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count("<article") == 30
    assert len(many) == len(few)


def test_after_a_public_consultation_closes_the_reading_page_counts_every_submitted_comment(
    signed_in, world
):
    theirs = comment_create(
        user=world.chilean,
        consultation=world.consultation,
        type="technical",
        body="Chile's position",
        section=world.scope,
    )
    comment_submit(user=world.chilean, comment=theirs)
    client = signed_in(world.focal)
    url = f"/consultations/{world.consultation.pk}/"
    assert "Show 1 comment" not in client.get(url).content.decode()
    world.consultation.visibility = "public"
    world.consultation.save()
    close(world.consultation)
    assert "Show 1 comment" in client.get(url).content.decode()
