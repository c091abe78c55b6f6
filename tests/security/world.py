"""One small world with every role and two organisations, built through the real services.

Used by the permission matrix and the isolation tests: organisation A (with a focal point) and
organisation B both comment on one open, private consultation; an editor is assigned to the
guideline, another editor is not.
"""

from types import SimpleNamespace

from accounts.models import Organisation
from consultation.models import Visibility
from consultation.services.comments import comment_create, comment_submit, reply_create
from consultation.services.update_requests import update_request_file
from notifications.models import DeliveryStatus, EmailDelivery, Notification, Verb
from reviews.services.comments import comment_resolve, comment_respond
from tests.factories import (
    ConsultationFactory,
    GuidelineFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)

ROLES = [
    "anonymous",
    "delegate_a",
    "delegate_b",
    "focal_point",
    "editor_assigned",
    "editor_other",
    "coordinator",
    "approver",
]

SECTION_BODY = (
    "Services that children use should switch on the most protective settings by default "
    "and explain each setting in words a ten-year-old understands."
)
SECRET_A = "Organisation A's unpublished position on age assurance"
SECRET_B = "Organisation B's unpublished position on data retention"


def build_world() -> SimpleNamespace:
    """Create the world; returns every object and user by name."""
    org_a = OrganisationFactory(name="Member State A", country="KE")
    org_b = OrganisationFactory(name="Member State B", country="NO")
    users = {
        "delegate_a": UserFactory(roles=["delegate"], organisation=org_a),
        "delegate_b": UserFactory(roles=["delegate"], organisation=org_b),
        "focal_point": UserFactory(roles=["delegate"], organisation=org_a, is_focal_point=True),
        "editor_assigned": UserFactory(roles=["editor"]),
        "editor_other": UserFactory(roles=["editor"]),
        "coordinator": UserFactory(roles=["coordinator"]),
        "approver": UserFactory(roles=["approver"]),
    }
    guideline = GuidelineFactory()
    guideline.editors.add(users["editor_assigned"])
    section = SectionFactory(guideline=guideline, body=SECTION_BODY)
    section_2 = SectionFactory(guideline=guideline, body="Explain how to report harm.")
    version = VersionFactory(guideline=guideline)
    consultation = ConsultationFactory(
        version=version, guideline=guideline, visibility=Visibility.PRIVATE
    )
    other_guideline = GuidelineFactory()
    other_guideline.editors.add(users["editor_other"])

    def comment(user, body, *, submit=True):
        draft = comment_create(
            user=user,
            consultation=consultation,
            type="technical",
            body=body,
            proposed_change="Name the team that reviews it.",
            section=section,
        )
        return comment_submit(user=user, comment=draft) if submit else draft

    a_draft = comment(users["delegate_a"], f"{SECRET_A} (draft).", submit=False)
    a_submitted = comment(users["focal_point"], f"{SECRET_A}.")
    a_resolved = comment(users["focal_point"], f"{SECRET_A}, second point.")
    b_draft = comment(users["delegate_b"], f"{SECRET_B} (draft).", submit=False)
    b_submitted = comment(users["delegate_b"], f"{SECRET_B}.")
    reply_create(user=users["editor_assigned"], comment=a_submitted, body="Which team do you mean?")
    reply_create(user=users["editor_assigned"], comment=b_submitted, body="Why this period?")
    comment_resolve(
        comment=a_resolved,
        user=users["editor_assigned"],
        decision="rejected",
        rationale="Out of scope of this guideline.",
    )
    comment_respond(
        comment=a_resolved, user=users["focal_point"], response="objection", note="In scope."
    )
    update_request = update_request_file(
        user=users["delegate_a"], guideline=guideline, rationale="Cover new kinds of services."
    )
    notification_a = Notification.objects.filter(recipient=users["delegate_a"]).first() or (
        Notification.objects.create(
            recipient=users["delegate_a"],
            verb=Verb.COMMENT_RESOLVED,
            message="Your organisation's comment was resolved.",
            target_type="comment",
            target_id=a_resolved.pk,
        )
    )
    failed_delivery = EmailDelivery.objects.create(
        recipient=users["delegate_a"],
        to_address=users["delegate_a"].email,
        subject="Comment resolved",
        body_text="Your organisation's comment was resolved.",
        status=DeliveryStatus.FAILED,
    )
    return SimpleNamespace(
        users=users,
        notification_a=notification_a,
        failed_delivery=failed_delivery,
        org_a=org_a,
        org_b=org_b,
        guideline=guideline,
        other_guideline=other_guideline,
        section=section,
        section_2=section_2,
        version=version,
        consultation=consultation,
        a_draft=a_draft,
        a_submitted=a_submitted,
        a_resolved=a_resolved,
        b_draft=b_draft,
        b_submitted=b_submitted,
        update_request=update_request,
        organisations=Organisation.objects.all(),
    )
