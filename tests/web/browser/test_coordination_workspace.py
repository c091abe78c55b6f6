"""The coordinator's workspace in Chromium: a guideline's editors, organisations and their
focal points, and a background export whose bar follows the rows written."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from reviews.models import DispositionExport
from reviews.services.exports import disposition_export_run
from tests.factories import UserFactory

from ..world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    world = build_world()
    UserFactory(username="ed-noor", roles=["editor"], first_name="Noor", last_name="Haddad")
    return world


def test_a_coordinator_assigns_editors_and_manages_organisations(web, page, world):
    web.sign_in("coordinator")
    web.go(f"/guidelines/{world.guideline.pk}/dashboard/")
    page.get_by_role("link", name="Editors", exact=True).click()
    web.check()
    page.get_by_label("Editor", exact=True).select_option(label="Noor Haddad (ed-noor)")
    page.get_by_role("button", name="Assign", exact=True).click()
    web.check()
    expect(page.get_by_role("status")).to_contain_text("Noor Haddad now edits this guideline.")
    web.screenshot("coordinator-editors")
    page.get_by_role("button", name="Remove Eda Editor").click()
    web.check()
    expect(page.locator("#editors tbody tr")).to_have_count(1)
    assert [e.username for e in world.guideline.editors.all()] == ["ed-noor"]

    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Organisations").click()
    web.check()
    kenya = page.locator(f'tr[data-organisation="{world.kenya.pk}"]')
    expect(kenya).to_contain_text("Wanjiru Kamau")
    expect(kenya.locator("[data-delegates]")).to_have_text("2")
    web.screenshot("coordinator-organisations")
    page.get_by_role("link", name="Add an organisation").click()
    web.check()
    page.get_by_label("Name", exact=True).fill("Ghana")
    page.get_by_label("Kind").select_option(label="Member state")
    page.get_by_role("button", name="Add the organisation").click()
    web.check()
    expect(page.get_by_role("alert")).to_contain_text("A member state needs its ISO 3166-1")
    page.get_by_label("Country code").fill("GH")
    page.get_by_role("button", name="Add the organisation").click()
    web.check()
    expect(page.get_by_role("status")).to_contain_text("Ghana is added.")
    page.get_by_role("link", name="Invite a person to this organisation").click()
    web.check()
    expect(page.locator("#id_organisation option:checked")).to_have_text("Ghana")

    web.go(f"/organisations/{world.kenya.pk}/")
    page.locator("#id_focal_point").select_option(label="Otieno Odhiambo (ke-drafter)")
    page.get_by_role("button", name="Change the focal point").click()
    web.check()
    expect(page.get_by_role("status")).to_contain_text("Otieno Odhiambo is the focal point now.")
    web.screenshot("coordinator-organisation")
    assert list(User.objects.filter(is_focal_point=True)) == [world.drafter]


def test_the_export_bar_follows_the_rows_written_until_the_download(web, page, world):
    export = DispositionExport.objects.create(
        guideline=world.guideline, requested_by=world.coordinator, format="csv"
    )
    DispositionExport.objects.filter(pk=export.pk).update(
        status="running", rows_total=10, rows_done=3
    )
    web.sign_in("coordinator")
    web.go(f"/exports/{export.pk}/")
    expect(page.locator("#export-rows")).to_have_text("3 of 10 comments written (30%).")
    expect(page.locator("#export-bar")).to_have_attribute("value", "30")
    DispositionExport.objects.filter(pk=export.pk).update(rows_done=7)
    expect(page.locator("#export-bar")).to_have_attribute("value", "70")  # htmx polled
    web.check()
    web.screenshot("coordinator-export-progress")
    DispositionExport.objects.filter(pk=export.pk).update(status="pending", rows_done=0)
    disposition_export_run(export_id=export.pk)
    expect(page.locator("#export-download")).to_be_visible()
    expect(page.locator("#export-progress")).not_to_have_attribute("hx-trigger", "every 1s")
    web.check()
    with page.expect_download() as download:
        page.locator("#export-download").click()
    assert download.value.suggested_filename.endswith(".csv")
