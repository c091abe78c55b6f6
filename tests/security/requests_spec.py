"""How to call each API operation against the security world: URL, body and headers.

One entry per operation of the OpenAPI schema, keyed by (method, schema path). Bodies are
valid for the role that is allowed to act, so the matrix shows real 2xx answers and the
refusals of everyone else; they are built from the world so ids point at its objects.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl


@dataclass
class Call:
    """One concrete request."""

    path_ids: dict = field(default_factory=dict)
    body: object = None
    query: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    format: str = "json"


def xlsx_upload(w) -> io.BytesIO:
    """An ISO comment-template workbook with one comment of organisation A."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["MB", "Line", "Clause", "Paragraph", "Type", "Comment", "Proposed change"])
    sheet.append(
        [w.org_a.name, "3", w.section.number, "", "te", "Sent by e-mail.", "Add a sentence."]
    )
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "comments.xlsx"
    return data


def if_match(w) -> dict:
    return {"HTTP_IF_MATCH": f'"{w.section.revision}"'}


def pending_export(w) -> int:
    """A background disposition export that editor_assigned asked for, not run yet."""
    from reviews.models import DispositionExport

    export = DispositionExport.objects.create(
        guideline=w.guideline, requested_by=w.users["editor_assigned"], format="csv"
    )
    return export.pk


SPECS: dict[tuple[str, str], Callable] = {
    ("POST", "/api/v1/auth/token/"): lambda w: Call(
        body={"username": w.users["delegate_a"].username, "password": "concord-test-pass-42"}
    ),
    # --- organisations and users
    ("GET", "/api/v1/organisations/"): lambda w: Call(),
    ("POST", "/api/v1/organisations/"): lambda w: Call(
        body={"name": "Youth panel", "kind": "youth"}
    ),
    ("GET", "/api/v1/organisations/{id}/"): lambda w: Call({"id": w.org_a.pk}),
    ("PUT", "/api/v1/organisations/{id}/"): lambda w: Call(
        {"id": w.org_a.pk}, {"name": "Member State A2", "kind": "member_state", "country": "KE"}
    ),
    ("PATCH", "/api/v1/organisations/{id}/"): lambda w: Call(
        {"id": w.org_a.pk}, {"region": "europe"}
    ),
    ("DELETE", "/api/v1/organisations/{id}/"): lambda w: Call({"id": w.org_a.pk}),
    ("POST", "/api/v1/organisations/{id}/focal-point/"): lambda w: Call(
        {"id": w.org_a.pk}, {"user": w.users["delegate_a"].pk}
    ),
    ("GET", "/api/v1/users/"): lambda w: Call(),
    ("POST", "/api/v1/users/"): lambda w: Call(
        body={
            "username": "newcomer",
            "email": "newcomer@example.org",
            "roles": ["approver"],
            "password": "a-long-and-unusual-passphrase-42",
        }
    ),
    ("GET", "/api/v1/users/{id}/"): lambda w: Call({"id": w.users["delegate_a"].pk}),
    ("PUT", "/api/v1/users/{id}/"): lambda w: Call(
        {"id": w.users["approver"].pk},
        {"username": "approver-renamed", "email": "a@example.org", "roles": ["approver"]},
    ),
    ("PATCH", "/api/v1/users/{id}/"): lambda w: Call(
        {"id": w.users["approver"].pk}, {"first_name": "Ada"}
    ),
    ("DELETE", "/api/v1/users/{id}/"): lambda w: Call({"id": w.users["approver"].pk}),
    ("GET", "/api/v1/users/me/"): lambda w: Call(),
    ("PATCH", "/api/v1/users/me/"): lambda w: Call(body={"language": "fr"}),
    ("POST", "/api/v1/users/{id}/unlock/"): lambda w: Call({"id": w.users["delegate_a"].pk}),
    # --- guidelines, sections, versions
    ("GET", "/api/v1/guidelines/"): lambda w: Call(),
    ("POST", "/api/v1/guidelines/"): lambda w: Call(
        body={"slug": "cop-new", "title": "A new guideline", "audience": "children"}
    ),
    ("GET", "/api/v1/guidelines/{id}/"): lambda w: Call({"id": w.guideline.pk}),
    ("PUT", "/api/v1/guidelines/{id}/"): lambda w: Call(
        {"id": w.guideline.pk},
        {"slug": w.guideline.slug, "title": "Renamed", "audience": "industry"},
    ),
    ("PATCH", "/api/v1/guidelines/{id}/"): lambda w: Call(
        {"id": w.guideline.pk}, {"title": "Renamed"}
    ),
    ("DELETE", "/api/v1/guidelines/{id}/"): lambda w: Call({"id": w.other_guideline.pk}),
    ("GET", "/api/v1/guidelines/{id}/approvals/"): lambda w: Call({"id": w.guideline.pk}),
    ("POST", "/api/v1/guidelines/{id}/approvals/"): lambda w: Call(
        {"id": w.guideline.pk}, {"decision": "approve", "comment": "Fine."}
    ),
    ("GET", "/api/v1/guidelines/{id}/compare/"): lambda w: Call(
        {"id": w.guideline.pk}, query={"from": w.version.pk, "to": w.version.pk}
    ),
    ("GET", "/api/v1/guidelines/{id}/disposition/"): lambda w: Call(
        {"id": w.guideline.pk}, query={"format": "json"}
    ),
    ("POST", "/api/v1/guidelines/{id}/disposition/exports/"): lambda w: Call(
        {"id": w.guideline.pk}, {"format": "csv"}
    ),
    ("GET", "/api/v1/disposition-exports/{id}/"): lambda w: Call({"id": pending_export(w)}),
    ("GET", "/api/v1/disposition-exports/{id}/download/"): lambda w: Call(
        {"id": pending_export(w)}
    ),
    ("POST", "/api/v1/guidelines/{id}/import-markdown/"): lambda w: Call(
        {"id": w.other_guideline.pk}, {"text": "# Scope\n\nWho this guideline is for.\n"}
    ),
    ("GET", "/api/v1/guidelines/{id}/sections/"): lambda w: Call({"id": w.guideline.pk}),
    ("POST", "/api/v1/guidelines/{id}/sections/"): lambda w: Call(
        {"id": w.guideline.pk}, {"heading": "Reporting", "body": "How to report harm."}
    ),
    ("GET", "/api/v1/guidelines/{id}/transition/"): lambda w: Call({"id": w.guideline.pk}),
    ("POST", "/api/v1/guidelines/{id}/transition/"): lambda w: Call(
        {"id": w.other_guideline.pk}, {"to": "consultation", "reason": "Ready."}
    ),
    ("GET", "/api/v1/guidelines/{id}/transitions/"): lambda w: Call({"id": w.guideline.pk}),
    ("GET", "/api/v1/guidelines/{id}/versions/"): lambda w: Call({"id": w.guideline.pk}),
    ("POST", "/api/v1/guidelines/{id}/versions/"): lambda w: Call(
        {"id": w.guideline.pk}, {"label": "Draft 9"}
    ),
    ("GET", "/api/v1/sections/"): lambda w: Call(query={"guideline": w.guideline.pk}),
    ("GET", "/api/v1/sections/{id}/"): lambda w: Call({"id": w.section.pk}),
    ("PUT", "/api/v1/sections/{id}/"): lambda w: Call(
        {"id": w.section.pk},
        {"heading": "Defaults", "body": "Protective settings by default."},
        headers=if_match(w),
    ),
    ("PATCH", "/api/v1/sections/{id}/"): lambda w: Call(
        {"id": w.section.pk}, {"body": "Protective settings by default."}, headers=if_match(w)
    ),
    ("DELETE", "/api/v1/sections/{id}/"): lambda w: Call({"id": w.section_2.pk}),
    ("GET", "/api/v1/sections/{id}/answered-comments/"): lambda w: Call({"id": w.section.pk}),
    ("GET", "/api/v1/sections/{id}/diff/"): lambda w: Call(
        {"id": w.section.pk}, query={"from": 1, "to": 1}
    ),
    ("GET", "/api/v1/sections/{id}/history/"): lambda w: Call({"id": w.section.pk}),
    ("POST", "/api/v1/sections/{id}/revert/"): lambda w: Call(
        {"id": w.section.pk},
        {"revision": 1, "change_reason": "Back to the start."},
        headers=if_match(w),
    ),
    ("GET", "/api/v1/versions/"): lambda w: Call(query={"guideline": w.guideline.pk}),
    ("GET", "/api/v1/versions/{id}/"): lambda w: Call({"id": w.version.pk}),
    ("GET", "/api/v1/versions/{id}/markdown/"): lambda w: Call({"id": w.version.pk}),
    # --- consultations and comments
    ("GET", "/api/v1/consultations/"): lambda w: Call(),
    ("POST", "/api/v1/consultations/"): lambda w: Call(
        body={
            "guideline": w.guideline.pk,
            "version": w.version.pk,
            "title": "Second round",
            "opens_at": "2031-01-01T00:00:00Z",
            "closes_at": "2031-02-01T00:00:00Z",
            "visibility": "private",
            "invited_kinds": ["member_state"],
        }
    ),
    ("GET", "/api/v1/consultations/{id}/"): lambda w: Call({"id": w.consultation.pk}),
    ("PUT", "/api/v1/consultations/{id}/"): lambda w: Call(
        {"id": w.consultation.pk},
        {
            "guideline": w.guideline.pk,
            "version": w.version.pk,
            "title": "Renamed round",
            "opens_at": w.consultation.opens_at.isoformat(),
            "closes_at": w.consultation.closes_at.isoformat(),
            "visibility": "private",
            "invited_kinds": w.consultation.invited_kinds,
        },
    ),
    ("PATCH", "/api/v1/consultations/{id}/"): lambda w: Call(
        {"id": w.consultation.pk}, {"title": "Renamed round"}
    ),
    ("DELETE", "/api/v1/consultations/{id}/"): lambda w: Call({"id": w.consultation.pk}),
    ("POST", "/api/v1/consultations/{id}/close/"): lambda w: Call({"id": w.consultation.pk}, {}),
    ("POST", "/api/v1/consultations/{id}/reopen/"): lambda w: Call(
        {"id": w.consultation.pk},
        {"closes_at": "2099-01-01T00:00:00Z", "reason": "Two member states asked for a week."},
    ),
    ("GET", "/api/v1/consultations/{id}/reopenings/"): lambda w: Call({"id": w.consultation.pk}),
    ("GET", "/api/v1/consultations/{id}/imports/"): lambda w: Call({"id": w.consultation.pk}),
    ("POST", "/api/v1/consultations/{id}/submit-all/"): lambda w: Call(
        {"id": w.consultation.pk}, {}
    ),
    ("GET", "/api/v1/comments/"): lambda w: Call(query={"consultation": w.consultation.pk}),
    ("POST", "/api/v1/comments/"): lambda w: Call(
        body={
            "consultation": w.consultation.pk,
            "section": w.section.pk,
            "type": "editorial",
            "body": "A typo in the second sentence.",
        }
    ),
    ("GET", "/api/v1/comments/{id}/"): lambda w: Call({"id": w.a_submitted.pk}),
    ("PATCH", "/api/v1/comments/{id}/"): lambda w: Call(
        {"id": w.a_draft.pk}, {"body": "Reworded draft."}
    ),
    ("POST", "/api/v1/comments/{id}/assign/"): lambda w: Call(
        {"id": w.a_submitted.pk}, {"editor": w.users["editor_assigned"].pk}
    ),
    ("GET", "/api/v1/comments/{id}/history/"): lambda w: Call({"id": w.a_submitted.pk}),
    ("GET", "/api/v1/comments/{id}/replies/"): lambda w: Call({"id": w.a_submitted.pk}),
    ("POST", "/api/v1/comments/{id}/replies/"): lambda w: Call(
        {"id": w.a_submitted.pk}, {"body": "The review team."}
    ),
    ("POST", "/api/v1/comments/{id}/resolve/"): lambda w: Call(
        {"id": w.a_submitted.pk}, {"decision": "noted", "rationale": "Will consider."}
    ),
    ("POST", "/api/v1/comments/{id}/respond/"): lambda w: Call(
        {"id": w.a_resolved.pk}, {"response": "satisfied", "note": "Fine after all."}
    ),
    ("POST", "/api/v1/comments/{id}/settle/"): lambda w: Call(
        {"id": w.a_resolved.pk}, {"outcome": "overruled", "reason": "Out of scope."}
    ),
    ("GET", "/api/v1/comments/{id}/similar/"): lambda w: Call({"id": w.a_submitted.pk}),
    ("POST", "/api/v1/comments/{id}/submit/"): lambda w: Call({"id": w.a_draft.pk}, {}),
    ("POST", "/api/v1/comments/{id}/withdraw/"): lambda w: Call({"id": w.a_submitted.pk}, {}),
    ("POST", "/api/v1/comments/import/"): lambda w: Call(
        body={"consultation": w.consultation.pk, "file": xlsx_upload(w)}, format="multipart"
    ),
    ("POST", "/api/v1/comments/resolve-batch/"): lambda w: Call(
        body={"comments": [w.a_submitted.pk], "decision": "noted", "rationale": "Later."}
    ),
    ("GET", "/api/v1/update-requests/"): lambda w: Call(),
    ("POST", "/api/v1/update-requests/"): lambda w: Call(
        body={"guideline": w.other_guideline.pk, "rationale": "Cover games."}
    ),
    ("GET", "/api/v1/update-requests/{id}/"): lambda w: Call({"id": w.update_request.pk}),
    ("POST", "/api/v1/update-requests/{id}/accept/"): lambda w: Call(
        {"id": w.update_request.pk}, {"reason": "Agreed."}
    ),
    ("POST", "/api/v1/update-requests/{id}/decline/"): lambda w: Call(
        {"id": w.update_request.pk}, {"reason": "Not now."}
    ),
    ("POST", "/api/v1/update-requests/{id}/support/"): lambda w: Call(
        {"id": w.update_request.pk}, {}
    ),
    # --- review overview
    ("GET", "/api/v1/dashboard/"): lambda w: Call(),
    # --- notifications (delegate_a has one: the disposition of its comment)
    ("GET", "/api/v1/notifications/"): lambda w: Call(),
    ("GET", "/api/v1/notifications/{id}/"): lambda w: Call({"id": w.notification_a.pk}),
    ("POST", "/api/v1/notifications/{id}/read/"): lambda w: Call({"id": w.notification_a.pk}, {}),
    ("GET", "/api/v1/notifications/failed-deliveries/"): lambda w: Call(),
    ("POST", "/api/v1/notifications/failed-deliveries/{id}/retry/"): lambda w: Call(
        {"id": w.failed_delivery.pk}, {}
    ),
    ("GET", "/api/v1/notifications/preferences/"): lambda w: Call(),
    ("PATCH", "/api/v1/notifications/preferences/"): lambda w: Call(body={"email": "daily"}),
    ("POST", "/api/v1/notifications/read-all/"): lambda w: Call(body={}),
    ("GET", "/api/v1/notifications/unread-count/"): lambda w: Call(),
}
