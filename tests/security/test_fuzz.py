"""Schemathesis against the live server, every check, as a delegate, an editor and a coordinator.

Runs on PostgreSQL (CI's first step; skipped on SQLite, which would hide PostgreSQL-only
failures such as NUL bytes in text). The run is `st run --checks all` with the repository's
schemathesis.toml (a fixed seed, a few examples per operation, and, per operation, the status
a rule no schema can state answers, each with its reason): no server error, every status
documented, bodies and content types as documented, schema-valid requests accepted and
schema-violating ones refused, for every operation.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from rest_framework.authtoken.models import Token

from tests.security.world import build_world

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="the fuzzing run targets PostgreSQL",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "4")
# The coverage phase (every boundary value of every parameter, thousands of requests) takes
# minutes per role: FUZZ_PHASES=examples,coverage,fuzzing,stateful runs it too.
PHASES = os.environ.get("FUZZ_PHASES", "examples,fuzzing,stateful")
# Each run also re-sends requests without credentials (the ignored_auth check), so the
# anonymous caller is covered too.
ROLES = ["delegate_a", "editor_assigned", "coordinator"]


@pytest.fixture
def fuzz_world(transactional_db, settings):
    """The security world, with an API token for each fuzzing role."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    world.tokens = {
        role: Token.objects.get_or_create(user=world.users[role])[0].key for role in ROLES
    }
    return world


@pytest.mark.timeout(600)
@pytest.mark.parametrize("role", ROLES)
def test_schema_tells_the_truth(live_server, fuzz_world, role, tmp_path):
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(ROOT / "schemathesis.toml"),
        "run",
        f"{live_server.url}/api/schema/?format=json",
        "--url",
        live_server.url,
        "--checks",
        "all",
        "--max-examples",
        EXAMPLES,
        "--phases",
        PHASES,
        "--seed",
        "1",
        "--no-color",
        "--header",
        f"Authorization: Token {fuzz_world.tokens[role]}",
    ]
    # Its own folder: the CLI leaves a cache of failures in the working directory.
    run = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    if run.returncode != 0:
        pytest.fail((run.stdout + run.stderr)[-30000:], pytrace=False)
