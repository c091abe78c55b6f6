"""Fixtures of the web interface's tests: the journey's world and signed-in browsers."""

import pytest

from .world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def signed_in(client):
    """Return a function that signs the Django test client in as a user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
