"""The buttons and the services are one table: role x object x action, through both.

For every role of the security world and every object kind (comment, section, consultation,
guideline) in several states, each action the rules know is tried through the real API, in
a savepoint rolled back after. The action succeeds (2xx) exactly when `allowed_actions`
lists it: for comments as the API's own `allowed_actions` field says (detail and list), for
the other kinds as consultation.rules / reviews.rules answer. Any difference fails the test.
A stage move blocked by unfinished work (409 transition_blocked) counts as allowed: the
coordinator's `transition` button opens the list of blockers.
"""

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from consultation.models import Guideline, Stage
from consultation.rules import (
    COMMENT_ACTIONS,
    CONSULTATION_ACTIONS,
    consultation_allowed_actions,
    section_allowed_actions,
)
from consultation.services.consultations import consultation_close
from reviews.rules import GUIDELINE_ACTIONS, guideline_allowed_actions
from tests.security.requests_spec import xlsx_upload
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db

SIGNED_IN = [role for role in ROLES if role != "anonymous"]
COMMENTS = ["a_draft", "a_submitted", "a_resolved", "b_draft", "b_submitted"]


def _comment_call(w, action: str, pk: int):
    """The API request that performs `action` on comment `pk`: (method, url, body, format)."""
    url = f"/api/v1/comments/{pk}/"
    resolution = {"decision": "noted", "rationale": "Taken into account."}
    return {
        "edit": ("patch", url, {"body": "Reworded."}),
        "submit": ("post", url + "submit/", None),
        "withdraw": ("post", url + "withdraw/", None),
        "reply": ("post", url + "replies/", {"body": "Which team do you mean?"}),
        "assign": ("post", url + "assign/", {"editor": w.users["editor_assigned"].pk}),
        "resolve": ("post", url + "resolve/", resolution),
        "reopen": ("post", url + "resolve/", {**resolution, "reopen": True}),
        "respond": ("post", url + "respond/", {"response": "satisfied"}),
        "settle": ("post", url + "settle/", {"outcome": "overruled", "reason": "In scope."}),
    }[action] + ("json",)


def _section_call(w, action: str):
    url = f"/api/v1/sections/{w.section.pk}/"
    return {
        "edit": ("patch", url, {"body": "Protective settings by default."}, "json"),
        "revert": ("post", url + "revert/", {"revision": 1, "change_reason": "Back."}, "json"),
        "comment": (
            "post",
            "/api/v1/comments/",
            {
                "consultation": w.consultation.pk,
                "section": w.section.pk,
                "type": "general",
                "body": "A new point.",
            },
            "json",
        ),
    }[action]


def _consultation_call(w, action: str):
    url = f"/api/v1/consultations/{w.consultation.pk}/"
    return {
        "comment": (
            "post",
            "/api/v1/comments/",
            {"consultation": w.consultation.pk, "type": "general", "body": "A new point."},
            "json",
        ),
        "submit": ("post", url + "submit-all/", None, "json"),
        "close": ("post", url + "close/", None, "json"),
        "reopen": (
            "post",
            url + "reopen/",
            {"closes_at": "2099-01-01T00:00:00Z", "reason": "Late replies are coming."},
            "json",
        ),
        "import": (
            "post",
            "/api/v1/comments/import/",
            {"consultation": w.consultation.pk, "file": xlsx_upload(w)},
            "multipart",
        ),
        "edit": ("patch", url, {"title": "Renamed consultation"}, "json"),
    }[action]


def _guideline_call(w, guideline: Guideline, action: str):
    url = f"/api/v1/guidelines/{guideline.pk}/"
    to = {Stage.DRAFTING: Stage.CONSULTATION}.get(guideline.stage, Stage.DRAFTING)
    return {
        "transition": ("post", url + "transition/", {"to": to, "reason": "Next step."}, "json"),
        "cut_version": ("post", url + "versions/", {"label": "Draft 9"}, "json"),
        "import": ("post", url + "import-markdown/", {"text": "# Scope\n\nText.\n"}, "json"),
        "export_disposition": ("get", url + "disposition/", None, "json"),
        "approve": ("post", url + "approvals/", {"decision": "approve"}, "json"),
    }[action]


def _succeeds(w, role: str, request) -> tuple[bool, int]:
    """Perform the request as `role` in a savepoint that is rolled back; (2xx?, status)."""
    method, url, body, fmt = request
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(w.users[role])
    headers = {"HTTP_IF_MATCH": f'"{w.section.revision}"'} if "/sections/" in url else {}
    with transaction.atomic():
        if method == "get":
            response = client.get(url, **headers)
        else:
            response = getattr(client, method)(url, body, format=fmt, **headers)
        transaction.set_rollback(True)
    # A move the guard blocks is still the coordinator's to try: the answer lists what to do.
    blocked = response.status_code == 409 and response.json().get("code") == "transition_blocked"
    return 200 <= response.status_code < 300 or blocked, response.status_code


def _differences(w, role: str, what: str, allowed, actions, request_for) -> list[str]:
    """Each action of `actions` whose API outcome disagrees with `allowed`, in words."""
    out = []
    for action in actions:
        ok, status = _succeeds(w, role, request_for(action))
        if ok != (action in allowed):
            listed = "lists" if action in allowed else "omits"
            out.append(f"{role} {action} on {what}: allowed_actions {listed} it, API {status}")
    return out


@pytest.fixture(params=["open", "closed"])
def world(request, fast_passwords):
    w = build_world()
    if request.param == "closed":
        consultation_close(user=w.users["coordinator"], consultation=w.consultation)
        w.consultation.refresh_from_db()
    return w


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize("role", SIGNED_IN)
def test_comment_actions_match_the_services(world, role):
    client = APIClient()
    client.force_authenticate(world.users[role])
    listed = {
        row["id"]: row["allowed_actions"]
        for row in client.get("/api/v1/comments/?page_size=100").json()["results"]
    }
    problems = []
    for name in COMMENTS:
        pk = getattr(world, name).pk
        detail = client.get(f"/api/v1/comments/{pk}/")
        if detail.status_code == 404:
            assert pk not in listed
            continue  # not readable: no buttons, and every action is a 404
        allowed = detail.json()["allowed_actions"]
        assert listed[pk] == allowed, f"{role} {name}: the list and the detail disagree"
        problems += _differences(
            world,
            role,
            name,
            allowed,
            COMMENT_ACTIONS,
            lambda action, pk=pk: _comment_call(world, action, pk),
        )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_section_and_consultation_actions_match_the_services(world, role):
    user = world.users[role]
    problems = _differences(
        world,
        role,
        "the section",
        section_allowed_actions(user, world.section),
        ["edit", "revert", "comment"],
        lambda action: _section_call(world, action),
    )
    problems += _differences(
        world,
        role,
        "the consultation",
        consultation_allowed_actions(user, world.consultation),
        CONSULTATION_ACTIONS,
        lambda action: _consultation_call(world, action),
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stage", [Stage.DRAFTING, Stage.APPROVAL])
@pytest.mark.parametrize("role", SIGNED_IN)
def test_guideline_actions_match_the_services(world, role, stage):
    Guideline.objects.filter(pk__in=[world.guideline.pk, world.other_guideline.pk]).update(
        stage=stage
    )
    problems = []
    # The consulted guideline has sections; the other one is empty (Markdown import works).
    for guideline in Guideline.objects.filter(
        pk__in=[world.guideline.pk, world.other_guideline.pk]
    ):
        problems += _differences(
            world,
            role,
            f"{guideline.slug} in {stage}",
            guideline_allowed_actions(world.users[role], guideline),
            GUIDELINE_ACTIONS,
            lambda action, g=guideline: _guideline_call(world, g, action),
        )
    assert not problems, "\n".join(problems)


def test_a_delegate_who_is_not_the_focal_point_is_told_who_answers(fast_passwords):
    """The national position: only organisation A's focal point answers a disposition."""
    w = build_world()
    client = APIClient()
    client.force_authenticate(w.users["delegate_a"])
    response = client.post(
        f"/api/v1/comments/{w.a_resolved.pk}/respond/", {"response": "satisfied"}, format="json"
    )
    assert response.status_code == 403
    focal = w.users["focal_point"]
    assert (focal.get_full_name() or focal.username) in response.json()["detail"]
    w.a_resolved.refresh_from_db()
    assert w.a_resolved.response == "objection"

    client.force_authenticate(focal)
    answered = client.post(
        f"/api/v1/comments/{w.a_resolved.pk}/respond/", {"response": "satisfied"}, format="json"
    )
    assert answered.status_code == 200
    assert answered.json()["resolution"]["responded_by"] == focal.pk
    shown = client.get(f"/api/v1/comments/{w.a_resolved.pk}/").json()["resolution"]
    assert shown["responded_by"] == focal.pk and shown["response"] == "satisfied"
    responses = [
        (h.response, h.responded_by_id)
        for h in w.a_resolved.history.order_by("history_date", "history_id")
        if h.response
    ]
    assert responses == [("objection", focal.pk), ("satisfied", focal.pk)]
