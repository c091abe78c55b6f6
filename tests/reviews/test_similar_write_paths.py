"""Every way a comment body is written fills its similarity keys, so the similar-comment lookup
finds copies however they arrived: the API, a draft edit, an ISO-template import, a
consultation archive, the demo, and the migration that fills the comments already there."""

from django.core.management import call_command

from accounts.models import User
from consultation.archive import consultation_export, consultation_import
from consultation.models import Comment, CommentStatus
from consultation.similarity import keys_backfill, similarity_keys
from tests.imports.conftest import csv_file

CAMPAIGN = (
    "We ask that every platform used by children offers a one-click button to report "
    "grooming, answered by a trained moderator within a day. Signed by the parents of {}."
)
UNRELATED = "The glossary should define age assurance and distinguish it from verification."


def similar_ids(client, comment_id: int) -> set[int]:
    response = client.get(f"/api/v1/comments/{comment_id}/similar/")
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()}


def test_comments_created_and_edited_through_the_api(world, client_for):
    client = client_for(world.kenyan)

    def draft(body: str) -> int:
        payload = {"consultation": world.consultation.pk, "type": "general", "body": body}
        response = client.post("/api/v1/comments/", payload, format="json")
        assert response.status_code == 201, response.json()
        return response.json()["id"]

    first, second = draft(CAMPAIGN.format("Kenya")), draft(CAMPAIGN.format("Nairobi"))
    edited = draft(UNRELATED)
    # The third draft becomes a copy of the campaign before it is submitted.
    response = client.patch(
        f"/api/v1/comments/{edited}/", {"body": CAMPAIGN.format("Mombasa")}, format="json"
    )
    assert response.status_code == 200
    for pk in (first, second, edited):
        assert client.post(f"/api/v1/comments/{pk}/submit/").status_code == 200

    assert similar_ids(client_for(world.editor), first) == {second, edited}
    assert Comment.objects.get(pk=edited).similarity_keys == similarity_keys(
        CAMPAIGN.format("Mombasa")
    )


def test_comments_imported_from_an_iso_template(world, client_for):
    rows = [["Kenya", "", "", "", "ge", CAMPAIGN.format(town), ""] for town in ("Lamu", "Embu")]
    rows.append(["Kenya", "", "", "", "ge", UNRELATED, ""])
    response = client_for(world.editor).post(
        "/api/v1/comments/import/",
        {"file": csv_file(rows), "consultation": world.consultation.pk},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    lamu, embu, unrelated = response.json()["ids"]

    client = client_for(world.editor)
    assert similar_ids(client, lamu) == {embu}
    assert similar_ids(client, unrelated) == set()


def test_comments_restored_from_a_consultation_archive(world, submit, client_for):
    for town in ("Kisumu", "Nakuru"):
        submit(world.kenyan, body=CAMPAIGN.format(town))
    archive = consultation_export(consultation=world.consultation)

    copy = consultation_import(archive=archive, slug="restored")

    restored = list(Comment.objects.filter(consultation=copy).order_by("id"))
    assert [c.similarity_keys for c in restored] == [similarity_keys(c.body) for c in restored]
    assert similar_ids(client_for(world.coordinator), restored[0].pk) == {restored[1].pk}


def test_comments_already_there_are_filled_by_the_migrations_backfill(world, submit, client_for):
    campaign = [submit(world.kenyan, body=CAMPAIGN.format(town)) for town in ("Thika", "Kitui")]
    # As before the migration: rows without keys (a queryset update writes no keys).
    Comment.objects.update(similarity_keys=[])
    assert similar_ids(client_for(world.editor), campaign[0].pk) == set()

    assert keys_backfill(Comment, batch_size=1) == 2

    assert similar_ids(client_for(world.editor), campaign[0].pk) == {campaign[1].pk}


def test_the_demos_campaign_finds_itself(db, client_for):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    campaign = list(
        Comment.objects.filter(
            body__contains="must never require children to upload",
            status=CommentStatus.SUBMITTED,
        ).order_by("id")
    )
    assert len(campaign) >= 10
    found = similar_ids(client_for(User.objects.get(username="coordinator")), campaign[0].pk)
    assert {c.pk for c in campaign[1:]} <= found
