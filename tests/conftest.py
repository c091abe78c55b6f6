"""Shared fixtures: API clients signed in as each role."""

import polib
import pytest
from django.utils.translation import to_locale
from rest_framework.test import APIClient

from .factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def celery_in_process():
    """Run Celery tasks in-process even when REDIS_URL is set, so no test waits for a worker.

    The end-to-end tests in tests/notifications/ start a real worker and switch this off.
    """
    from backend.celery import app

    # The app reads Django settings with the CELERY_ namespace: set the prefixed key.
    previous = app.conf.task_always_eager
    app.conf.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.CELERY_TASK_ALWAYS_EAGER = previous


@pytest.fixture(autouse=True)
def _throttles_out_of_the_way(settings):
    """Rates no test reaches by accident (throttling tests lower them), breaker closed.

    The Redis counters are not flushed (CI shares its Redis database with the broker); at
    these rates leftovers cannot throttle anything, and the locmem cache is cleared.
    """
    from django.core.cache import cache

    from common.throttling import reset_breaker

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100000/min",
            "user": "100000/min",
            "auth_token": "100000/min",
        },
    }
    if not settings.REDIS_URL:
        cache.clear()
    reset_breaker()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many users: hash their passwords cheaply (test_auth checks Argon2 is set)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        # Still verifies hashes made outside the fixture (the demo loads once per module).
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _exports_in_a_temporary_folder(settings, tmp_path_factory):
    """Background disposition exports write their files outside the working tree."""
    settings.EXPORTS_ROOT = tmp_path_factory.getbasetemp() / "exports"


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def client_for():
    """Return a function that gives an API client authenticated as the given user."""

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=["coordinator"])


@pytest.fixture
def editor(db):
    return UserFactory(roles=["editor"])


@pytest.fixture
def approver(db):
    return UserFactory(roles=["approver"])


@pytest.fixture
def delegate(db, organisation):
    return UserFactory(roles=["delegate"], organisation=organisation)


@pytest.fixture
def catalogs(settings, tmp_path):
    """Install `{language: {msgid: msgstr}}` as the only project catalogs (Django's own and
    DRF's stay); LOCALE_PATHS changing resets Django's translation caches both ways."""

    def install(translations: dict[str, dict[str, str]]) -> None:
        for language, entries in translations.items():
            catalog = polib.POFile()
            catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
            for msgid, msgstr in entries.items():
                catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
            folder = tmp_path / "locale" / to_locale(language) / "LC_MESSAGES"
            folder.mkdir(parents=True)
            catalog.save_as_mofile(str(folder / "django.mo"))
        settings.LOCALE_PATHS = [tmp_path / "locale"]

    return install
