"""E-mails link to the page where the person acts and to their preferences, in plain words."""

import pytest

from notifications import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://concord.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.CONCORD_SITE_URL = SITE + "/"  # a trailing slash does not double


@pytest.mark.parametrize(
    ("target_type", "path"),
    [
        ("comment", "/comments/42/"),
        ("consultation", "/consultations/42/"),
        ("guideline", "/guidelines/42/"),
        ("update_request", "/api/v1/update-requests/42/"),  # no web page of its own yet
    ],
)
def test_email_links_to_the_page_of_what_it_is_about(
    mailoutbox, django_capture_on_commit_callbacks, target_type, path
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[user],
            verb="comment_replied",
            message="An editor replied on your comment about parental controls.",
            target_type=target_type,
            target_id=42,
        )
    [message] = mailoutbox
    html = message.alternatives[0].content
    assert f"Open it in Concord: {SITE}{path}\n" in message.body
    assert f'<a href="{SITE}{path}">Open it in Concord</a>' in html
    assert f"change your notification preferences:\n{SITE}/notifications/\n" in message.body
    assert f'<a href="{SITE}/notifications/">notification preferences</a>' in html
    for text in (message.body, html):
        assert "PATCH" not in text
        assert "/api/v1/notifications/" not in text


def test_digest_links_every_item_and_the_preferences(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    services.preference_set(user=user, email="daily")
    with django_capture_on_commit_callbacks(execute=True):
        for target_type in ("comment", "consultation"):
            services.notify(
                recipients=[user],
                verb="comment_replied",
                message=f"Something happened on a {target_type}.",
                target_type=target_type,
                target_id=7,
            )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send() == 1
    [digest] = mailoutbox
    html = digest.alternatives[0].content
    for path in ("/comments/7/", "/consultations/7/"):
        assert f"Open it: {SITE}{path}" in digest.body
        assert f'<a href="{SITE}{path}">Open it</a>' in html
    assert "your notification preferences say one email a day" in digest.body
    assert f"notification preferences:\n{SITE}/notifications/\n" in digest.body
    assert f'<a href="{SITE}/notifications/">notification preferences</a>' in html
