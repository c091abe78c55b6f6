"""Schemathesis against the live server: hostile input, several roles, no 5xx, valid responses.

Runs on PostgreSQL (CI's first step; skipped on SQLite, which would hide PostgreSQL-only
failures such as NUL bytes in text). A fixed seed (derandomize) and FUZZ_EXAMPLES examples per
operation (default 6) keep it repeatable and within a couple of minutes. Each generated
request is sent as an anonymous caller, a delegate, an assigned editor and a coordinator.

Checks: no server error, the response body matches the schema for documented statuses, and
the content type is the documented one. Undocumented 4xx statuses are allowed: drf-spectacular
documents the success responses and the error shapes are the one documented in API.md.
"""

import contextlib
import os

import pytest
import schemathesis
from django.conf import settings as django_settings
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.security.world import build_world

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="the fuzzing run targets PostgreSQL",
    ),
]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
ROLES = ["anonymous", "delegate_a", "editor_assigned", "coordinator"]
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def fuzz_world(transactional_db, settings):
    """The security world, with an API token for each fuzzing role."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    world.tokens = {
        role: Token.objects.get_or_create(user=world.users[role])[0].key
        for role in ROLES
        if role != "anonymous"
    }
    return world


def existing_id(world, path: str) -> int | None:
    """An id of the world's object for the resource of `path`, so fuzzing goes past the 404."""
    by_prefix = {
        "/api/v1/comments/": world.a_submitted,
        "/api/v1/consultations/": world.consultation,
        "/api/v1/guidelines/": world.guideline,
        "/api/v1/sections/": world.section,
        "/api/v1/versions/": world.version,
        "/api/v1/organisations/": world.org_b,
        "/api/v1/users/": world.users["delegate_b"],
        "/api/v1/update-requests/": world.update_request,
        "/api/v1/notifications/failed-deliveries/": world.failed_delivery,
        "/api/v1/notifications/": world.notification_a,
    }
    for prefix, obj in by_prefix.items():
        if path.startswith(prefix):
            return obj.pk
    return None


def run_operation(operation, base_url: str, world) -> None:
    """Fuzz one operation: fixed seed, bounded examples, each example sent as every role."""
    tokens = world.tokens
    # Valid requests and deliberately invalid ones (wrong types, missing fields, odd text),
    # on random ids and on an object that exists.
    strategies = [operation.as_strategy(GenerationMode.POSITIVE)]
    with contextlib.suppress(Exception):  # some operations have nothing to negate
        strategies.append(operation.as_strategy(GenerationMode.NEGATIVE))
    pk = existing_id(world, operation.path)
    if "{id}" in operation.path and pk is not None:
        strategies.append(
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters={"id": pk})
        )

    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=st.one_of(*strategies))
    def fuzz(case):
        for role in ROLES:
            headers = {} if role == "anonymous" else {"Authorization": f"Token {tokens[role]}"}
            case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    fuzz()


@pytest.mark.timeout(900)  # one test walks every operation; the suite's 300 s is per test
def test_api_survives_hostile_input(live_server, fuzz_world):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        try:
            run_operation(operation, live_server.url, fuzz_world)
        except (Exception, BaseExceptionGroup) as exc:  # report every operation's failures
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert operations > 50
    assert not failures, "\n\n".join(failures)
