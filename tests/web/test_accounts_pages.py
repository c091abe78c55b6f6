"""Signing in and out, changing and resetting a password in the web interface."""

import re

import pytest
from django.core import mail

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_out_is_a_post_and_ends_the_session(signed_in, world):
    client = signed_in(world.focal)
    assert client.get("/logout/").status_code == 405
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_a_person_changes_their_password(signed_in, world):
    client = signed_in(world.focal)
    new = "a-long-new-passphrase-7"
    wrong = client.post(
        "/password/change/",
        {"old_password": "nope", "new_password1": new, "new_password2": new},
    )
    assert "There is a problem" in wrong.content.decode()
    client.post(
        "/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    world.focal.refresh_from_db()
    assert world.focal.check_password(new)


def test_a_forgotten_password_is_reset_through_a_link_by_email(client, world):
    client.post("/password/reset/", {"email": world.focal.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = "another-long-passphrase-8"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    world.focal.refresh_from_db()
    assert world.focal.check_password(new)
