"""The coordinator's review in Chromium: dashboard, reminder, blockers, approval, publication."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from consultation.models import Stage
from consultation.services.comments import comment_create, comment_submit
from notifications.models import DeliveryStatus, EmailDelivery
from reviews.services import guideline_transition
from tests.factories import UserFactory

from ..world import build_world, close

pytestmark = pytest.mark.django_db(transaction=True)


def submit(world, body):
    comment = comment_create(
        user=world.focal,
        consultation=world.consultation,
        type="technical",
        body=body,
        section=world.scope,
    )
    return comment_submit(user=world.focal, comment=comment)


@pytest.fixture
def world(transactional_db):
    world = build_world()
    guideline_transition(guideline=world.guideline, to=Stage.CONSULTATION, user=world.coordinator)
    submit(world, "Name the services that are in scope.")
    world.guideline.refresh_from_db()
    world.guideline.required_approvals = 2
    world.guideline.save()
    for n in (1, 2):
        UserFactory(username=f"approver{n}", roles=["approver"], first_name=f"Approver {n}")
    return world


def figure(page, name):
    return page.locator(f"#dashboard-guidelines [data-figure={name}]").first


def test_a_coordinator_runs_the_review_to_publication(web, page, world):
    web.sign_in("coordinator")
    page.get_by_role("link", name="Dashboard").first.click()
    web.check()
    expect(figure(page, "submitted")).to_have_text("1")
    api = page.request.get(web.url + "/api/v1/dashboard/").json()["guidelines"][0]
    assert api["comments"]["submitted"] == 1
    submit(world, "Say who checks the default settings.")  # a delegate submits meanwhile
    page.reload()
    web.check()
    expect(figure(page, "submitted")).to_have_text("2")
    expect(figure(page, "unresolved")).to_have_text("2")
    web.screenshot("coordinator-dashboard")

    page.get_by_role("link", name=world.guideline.title).click()
    web.check()
    expect(page.locator("canvas[data-chart]")).to_have_count(4)
    web.screenshot("coordinator-guideline-dashboard")
    page.get_by_role("button", name="Send a reminder to Chile").click()
    web.check()
    expect(page.get_by_role("status")).to_contain_text("Chile reminded: 1 delegate(s) told.")

    close(world.consultation)
    page.get_by_role("link", name="Stages and blockers").click()
    web.check()
    page.get_by_label("Reason").fill("The consultation has closed.")
    page.get_by_role("button", name="Move to Resolution").click()
    web.check()
    expect(page.locator("#current-stage")).to_have_text("Resolution")
    blocked = page.locator("#move-expert_review")
    expect(blocked).to_contain_text("2 submitted comments have no disposition yet.")
    web.screenshot("coordinator-stages")
    blocked.get_by_role("link", name="The comments without a disposition").click()
    web.check()
    expect(page.locator("input.queue-pick")).to_have_count(2)

    # The coordinator is no editor: an editor answers the comments in the queue.
    page.get_by_role("button", name="Sign out").click()
    web.sign_in("editor")
    web.go(f"/guidelines/{world.guideline.pk}/queue/?status=submitted&resolved=false")
    page.get_by_label("Select every comment on this page").check()
    page.get_by_label("Noted").check()
    page.get_by_label("Rationale").fill("Taken into account in the next draft.")
    page.get_by_role("button", name="Resolve the selected comments").last.click()
    web.check()
    page.get_by_role("button", name="Sign out").click()

    web.sign_in("coordinator")
    web.go(f"/guidelines/{world.guideline.pk}/stages/")
    page.get_by_role("button", name="Move to Expert review").click()
    web.check()
    page.get_by_role("button", name="Move to Approval").click()
    web.check()
    expect(page.locator("#move-published")).to_contain_text("0 of the 2 required approvals")
    page.get_by_role("button", name="Sign out").click()

    for n in (1, 2):
        web.sign_in(f"approver{n}")
        page.get_by_role("link", name=re.compile("^Approve ")).click()
        web.check()
        page.get_by_role("radio", name="Approve").check()
        page.get_by_label("Comment").fill(f"Approved by the {n}st board member.")
        page.get_by_role("button", name="Record my decision").click()
        web.check()
        expect(page.get_by_role("status")).to_contain_text("Your decision is recorded.")
        if n == 2:
            expect(page.locator("#quorum")).to_contain_text("The quorum is reached.")
            web.screenshot("approver-approvals")
        page.get_by_role("button", name="Sign out").click()

    web.sign_in("coordinator")
    web.go(f"/guidelines/{world.guideline.pk}/stages/")
    page.get_by_role("button", name="Move to Published").click()
    web.check()
    expect(page.locator("#current-stage")).to_have_text("Published")

    web.go(f"/guidelines/{world.guideline.pk}/")
    web.screenshot("coordinator-guideline")
    with page.expect_download() as download:
        page.get_by_role("link", name="xlsx").first.click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Say who checks the default settings." in cells
    assert "Taken into account in the next draft." in cells

    page.get_by_label("Export in the background").select_option("csv")
    page.get_by_role("button", name="Start the export").click()
    web.check()
    expect(page.locator("#export-bar")).to_have_attribute("value", "100")
    web.screenshot("coordinator-export")
    with page.expect_download() as download:
        page.locator("#export-download").click()
    assert "Name the services" in download.value.path().read_text(encoding="utf-8-sig")


def test_a_coordinator_opens_a_consultation_and_resends_a_failed_email(web, page, world):
    EmailDelivery.objects.create(
        recipient=world.chilean,
        to_address="cl-delegate@example.org",
        subject="Consultation opened",
        body_text="Hello",
        status=DeliveryStatus.FAILED,
        attempts=5,
        last_error="SMTP 550 mailbox unavailable",
    )
    web.sign_in("coordinator")
    web.go(f"/guidelines/{world.guideline.pk}/dashboard/")
    page.get_by_role("link", name="New consultation").click()
    web.check()
    page.get_by_role("button", name="Create the consultation").click()
    web.check()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    page.get_by_label("Title").fill("Second consultation")
    page.get_by_label("Opens (UTC)").fill("2027-01-10T09:00")
    page.get_by_label("Closes (UTC)").fill("2027-02-10T17:00")
    page.get_by_label("Youth").check()
    web.screenshot("coordinator-consultation-form")
    page.get_by_role("button", name="Create the consultation").click()
    web.check()
    expect(page.get_by_role("status")).to_contain_text("The consultation is created.")
    expect(page.locator("h1")).to_have_text("Second consultation")

    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Failed e-mail deliveries").click()
    web.check()
    web.screenshot("coordinator-deliveries")
    page.get_by_role("button", name="Send again to cl-delegate@example.org").click()
    web.check()
    expect(page.get_by_role("status")).to_contain_text("is queued again")

    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="People").click()
    web.check()
    page.get_by_role("link", name="Invite a person").click()
    web.check()
    page.get_by_label("Username").fill("ye-youth")
    page.get_by_label("E-mail address").fill("ye-youth@example.org")
    page.get_by_label("Delegate").check()
    page.get_by_role("button", name="Invite").click()
    web.check()
    expect(page.get_by_role("alert")).to_contain_text("exactly one organisation")
    page.locator("#id_organisation").select_option(label="Chile")
    page.get_by_role("button", name="Invite").click()
    web.check()
    expect(page.get_by_role("status")).to_contain_text("ye-youth is invited")
    web.screenshot("coordinator-person")
