"""The role x operation permission matrix: every operation of the OpenAPI schema, every role.

EXPECTED holds the status each role gets for each operation against the security world
(tests/security/world.py): organisation A (delegate_a, focal_point) and organisation B
(delegate_b) comment on one open, private consultation of a guideline that editor_assigned
edits and editor_other does not. Reading the table: 401 no credentials; 404 an object the
caller may not see (never a 403 that would confirm it exists); 403 visible but not the
caller's to change; 409/412/428 a rule of the process, checked after permission.

`test_every_schema_operation_has_a_row` fails when an operation appears in the schema without
a row here (or a row outlives its operation), so a new endpoint cannot ship unreviewed.
Every refused write (4xx) must leave the database exactly as it was.
"""

import hashlib
import os

import pytest
from django.apps import apps
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.security.requests_spec import SPECS
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}

# Roles, in order:  anon  del_a del_b focal ed_asg ed_oth coord approver
# fmt: off
EXPECTED: dict[tuple[str, str], tuple[int, ...]] = {
    ("DELETE", "/api/v1/consultations/{id}/"): (401, 403, 403, 403, 403, 403, 409, 403),
    ("DELETE", "/api/v1/organisations/{id}/"): (401, 403, 403, 403, 403, 403, 409, 403),
    ("DELETE", "/api/v1/sections/{id}/"): (401, 403, 403, 403, 204, 403, 204, 403),
    ("DELETE", "/api/v1/users/{id}/"): (401, 403, 403, 403, 403, 403, 204, 403),
    ("GET", "/api/v1/comments/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/comments/{id}/"): (401, 200, 404, 200, 200, 404, 200, 404),
    ("GET", "/api/v1/comments/{id}/history/"): (401, 200, 404, 200, 200, 404, 200, 404),
    ("GET", "/api/v1/comments/{id}/replies/"): (401, 200, 404, 200, 200, 404, 200, 404),
    ("GET", "/api/v1/comments/{id}/similar/"): (401, 200, 404, 200, 200, 404, 200, 404),
    ("GET", "/api/v1/consultations/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/consultations/{id}/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/consultations/{id}/imports/"): (401, 403, 403, 403, 200, 403, 200, 403),
    ("GET", "/api/v1/consultations/{id}/reopenings/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/dashboard/"): (401, 403, 403, 403, 200, 200, 200, 403),
    ("GET", "/api/v1/guidelines/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/guidelines/{id}/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/guidelines/{id}/approvals/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/guidelines/{id}/compare/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/guidelines/{id}/disposition/"): (401, 403, 403, 403, 200, 403, 200, 403),
    ("POST", "/api/v1/guidelines/{id}/disposition/exports/"): (401, 403, 403, 403, 202, 403, 202, 403),  # noqa: E501
    # A pending export of editor_assigned's: others than the requester and coordinators get
    # 404; the file of a pending export is 409 export_not_ready.
    ("GET", "/api/v1/disposition-exports/{id}/"): (401, 404, 404, 404, 200, 404, 200, 404),
    ("GET", "/api/v1/disposition-exports/{id}/download/"): (401, 404, 404, 404, 409, 404, 409, 404),
    ("GET", "/api/v1/guidelines/{id}/sections/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/guidelines/{id}/transition/"): (401, 403, 403, 403, 200, 403, 200, 403),
    ("GET", "/api/v1/guidelines/{id}/transitions/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/guidelines/{id}/versions/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/notifications/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/notifications/failed-deliveries/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("GET", "/api/v1/notifications/preferences/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/notifications/unread-count/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/notifications/{id}/"): (401, 200, 404, 404, 404, 404, 404, 404),
    ("GET", "/api/v1/organisations/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/organisations/{id}/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/sections/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/sections/{id}/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/sections/{id}/answered-comments/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/sections/{id}/diff/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/sections/{id}/history/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/update-requests/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/update-requests/{id}/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/users/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/users/me/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("PATCH", "/api/v1/users/me/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/users/{id}/"): (401, 200, 404, 200, 404, 404, 200, 404),
    ("GET", "/api/v1/versions/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/versions/{id}/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/versions/{id}/markdown/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("PATCH", "/api/v1/comments/{id}/"): (401, 200, 404, 200, 404, 404, 404, 404),
    ("PATCH", "/api/v1/consultations/{id}/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("PATCH", "/api/v1/guidelines/{id}/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("PATCH", "/api/v1/notifications/preferences/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("PATCH", "/api/v1/organisations/{id}/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("PATCH", "/api/v1/sections/{id}/"): (401, 403, 403, 403, 200, 403, 200, 403),
    ("PATCH", "/api/v1/users/{id}/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("POST", "/api/v1/auth/token/"): (200, 200, 200, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/comments/"): (401, 201, 201, 201, 403, 403, 403, 403),
    ("POST", "/api/v1/comments/import/"): (401, 403, 403, 403, 201, 403, 201, 403),
    # A batch judges each comment as resolving it alone would: one not readable is an unknown
    # id (400), one readable but not the caller's to resolve a 403.
    ("POST", "/api/v1/comments/resolve-batch/"): (401, 403, 400, 403, 200, 400, 403, 400),
    ("POST", "/api/v1/comments/{id}/assign/"): (401, 403, 404, 403, 200, 404, 200, 404),
    ("POST", "/api/v1/comments/{id}/replies/"): (401, 201, 404, 201, 201, 404, 201, 404),
    ("POST", "/api/v1/comments/{id}/resolve/"): (401, 403, 404, 403, 200, 404, 403, 404),
    # Organisation A has a focal point: only they answer a disposition for it.
    ("POST", "/api/v1/comments/{id}/respond/"): (401, 403, 404, 200, 403, 404, 403, 404),
    ("POST", "/api/v1/comments/{id}/settle/"): (401, 403, 404, 403, 403, 404, 200, 404),
    ("POST", "/api/v1/comments/{id}/submit/"): (401, 403, 404, 200, 404, 404, 404, 404),
    ("POST", "/api/v1/comments/{id}/withdraw/"): (401, 403, 404, 200, 403, 404, 403, 404),
    ("POST", "/api/v1/consultations/"): (401, 403, 403, 403, 403, 403, 201, 403),
    ("POST", "/api/v1/consultations/{id}/close/"): (401, 403, 403, 403, 403, 403, 200, 403),
    # The consultation is open: only a closed one is reopened (409).
    ("POST", "/api/v1/consultations/{id}/reopen/"): (401, 403, 403, 403, 403, 403, 409, 403),
    ("POST", "/api/v1/consultations/{id}/submit-all/"): (401, 403, 200, 200, 403, 403, 403, 403),
    ("POST", "/api/v1/guidelines/"): (401, 403, 403, 403, 403, 403, 201, 403),
    ("POST", "/api/v1/guidelines/{id}/approvals/"): (401, 403, 403, 403, 403, 403, 403, 409),
    ("POST", "/api/v1/guidelines/{id}/import-markdown/"): (401, 403, 403, 403, 403, 201, 201, 403),
    ("POST", "/api/v1/guidelines/{id}/sections/"): (401, 403, 403, 403, 201, 403, 201, 403),
    ("POST", "/api/v1/guidelines/{id}/transition/"): (401, 403, 403, 403, 403, 403, 409, 403),
    ("POST", "/api/v1/guidelines/{id}/versions/"): (401, 403, 403, 403, 201, 403, 201, 403),
    ("POST", "/api/v1/notifications/failed-deliveries/{id}/retry/"): (401, 403, 403, 403, 403, 403, 200, 403),  # noqa: E501
    ("POST", "/api/v1/notifications/read-all/"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/notifications/{id}/read/"): (401, 200, 404, 404, 404, 404, 404, 404),
    ("POST", "/api/v1/organisations/"): (401, 403, 403, 403, 403, 403, 201, 403),
    ("POST", "/api/v1/organisations/{id}/focal-point/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("POST", "/api/v1/sections/{id}/revert/"): (401, 403, 403, 403, 200, 403, 200, 403),
    ("POST", "/api/v1/update-requests/"): (401, 201, 201, 201, 403, 403, 403, 403),
    ("POST", "/api/v1/update-requests/{id}/accept/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("POST", "/api/v1/update-requests/{id}/decline/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("POST", "/api/v1/update-requests/{id}/support/"): (401, 403, 200, 403, 403, 403, 403, 403),
    ("POST", "/api/v1/users/"): (401, 403, 403, 403, 403, 403, 201, 403),
    ("POST", "/api/v1/users/{id}/unlock/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("PUT", "/api/v1/consultations/{id}/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("PUT", "/api/v1/guidelines/{id}/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("PUT", "/api/v1/organisations/{id}/"): (401, 403, 403, 403, 403, 403, 200, 403),
    ("PUT", "/api/v1/sections/{id}/"): (401, 403, 403, 403, 200, 403, 200, 403),
    ("PUT", "/api/v1/users/{id}/"): (401, 403, 403, 403, 403, 403, 200, 403),
}
# fmt: on


def schema_operations() -> set[tuple[str, str]]:
    """Every (METHOD, path) the generated OpenAPI schema documents."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in HTTP_METHODS
    }


def test_every_schema_operation_has_a_row():
    operations = schema_operations()
    missing = sorted(operations - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - operations)
    no_request = sorted(operations - SPECS.keys())
    assert not missing, f"Operations without a row in the permission matrix: {missing}"
    assert not stale, f"Rows for operations the schema no longer has: {stale}"
    assert not no_request, f"Operations without a request in requests_spec.SPECS: {no_request}"


# Tables a refused write must not touch (logs of the refusal itself are allowed).
_IGNORED_TABLES = {"axes", "sessions", "admin", "contenttypes", "auth"}


def database_state() -> dict[str, str]:
    """A digest of every row of every project table."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in _IGNORED_TABLES or model._meta.proxy:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        state[model._meta.db_table] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return state


def call(world, role: str, method: str, path: str):
    """Perform the operation as the role; returns the response."""
    spec = SPECS[(method, path)](world)
    client = APIClient(raise_request_exception=False)
    if role != "anonymous":
        client.force_authenticate(world.users[role])
    url = path.format(**spec.path_ids)
    if spec.query:
        url += "?" + "&".join(f"{k}={v}" for k, v in spec.query.items())
    handler = getattr(client, method.lower())
    if method == "GET":
        return handler(url, **spec.headers)
    return handler(url, spec.body, format=spec.format, **spec.headers)


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def observe(world, method: str, path: str) -> tuple[list[int], list[str]]:
    """Each role's status, each in a savepoint rolled back after; and broken refusals."""
    before = database_state() if method != "GET" else None
    statuses, dirty = [], []
    for role in ROLES:
        with transaction.atomic():
            response = call(world, role, method, path)
            statuses.append(response.status_code)
            if before is not None and 400 <= response.status_code < 500:
                after = database_state()
                changed = [table for table in before if before[table] != after.get(table)]
                if changed:
                    dirty.append(f"{role} got {response.status_code} but changed {changed}")
            transaction.set_rollback(True)
    return statuses, dirty


@pytest.mark.parametrize(("method", "path"), sorted(EXPECTED), ids=lambda v: v)
def test_role_gets_the_expected_status(fast_passwords, method, path):
    world = build_world()
    statuses, dirty = observe(world, method, path)
    mismatches = [
        f"{role}: expected {want}, got {got}"
        for role, want, got in zip(ROLES, EXPECTED[(method, path)], statuses, strict=True)
        if want != got
    ]
    assert not mismatches, f"{method} {path}: " + "; ".join(mismatches)
    assert not dirty, f"{method} {path}: refused writes changed the database: {dirty}"


@pytest.mark.skipif(not os.environ.get("MATRIX_DISCOVER"), reason="MATRIX_DISCOVER=1 prints rows")
def test_discover_rows(fast_passwords, capsys):
    """Print what every role gets today, as rows to review and paste into EXPECTED."""
    world = build_world()
    lines = []
    for method, path in sorted(schema_operations()):
        if (method, path) not in SPECS:
            lines.append(f"    # no request for {method} {path}")
            continue
        sid = transaction.savepoint()
        statuses, dirty = observe(world, method, path)
        transaction.savepoint_rollback(sid)
        note = f"  # DIRTY: {dirty}" if dirty else ""
        row = ", ".join(f"{s:>3}" for s in statuses)
        lines.append(f'    ("{method}", "{path}"): ({row}),{note}')
    with capsys.disabled():
        print("\n" + "\n".join(lines))
