"""Similar-comment detection: a campaign of near-identical comments is found, the rest is not."""

from reviews.selectors import SIMILARITY_THRESHOLD, trigram_similarity
from tests.factories import OrganisationFactory, UserFactory

CAMPAIGN = (
    "We urge the editors to require that every platform used by children offers a one-click "
    "button to report grooming, and that reports are answered by a trained person within 24 "
    "hours."
)
VARIANTS = [
    CAMPAIGN,
    CAMPAIGN.replace("We urge", "Our association urges"),
    CAMPAIGN.replace("within 24 hours", "within twenty-four hours"),
    "Dear editors, " + CAMPAIGN.replace("trained person", "trained human moderator"),
]
UNRELATED = [
    "The glossary should define 'age assurance' and distinguish it from age verification.",
    "Section 3 repeats the advice on parental controls; merge the two paragraphs.",
    "Platforms used by children should publish a yearly transparency report on safety tools.",
]


def test_campaign_is_found_and_unrelated_comments_are_not(world, submit, client_for):
    senders = [
        UserFactory(roles=["delegate"], organisation=OrganisationFactory(name=f"Group {i}"))
        for i in range(len(VARIANTS))
    ]
    campaign = [submit(user, body=body) for user, body in zip(senders, VARIANTS, strict=True)]
    unrelated = [submit(world.kenyan, body=body) for body in UNRELATED]

    response = client_for(world.editor).get(f"/api/v1/comments/{campaign[0].pk}/similar/")

    assert response.status_code == 200
    found = [row["id"] for row in response.data]
    assert set(found) == {c.pk for c in campaign[1:]}
    assert not set(found) & {c.pk for c in unrelated}
    scores = [row["similarity"] for row in response.data]
    assert scores == sorted(scores, reverse=True)
    assert all(SIMILARITY_THRESHOLD <= s <= 1 for s in scores)
    first = response.data[0]
    assert set(first) >= {"id", "organisation", "body", "similarity"}
    assert first["organisation"] in {u.organisation_id for u in senders}


def test_similarity_scores_like_pg_trgm():
    assert trigram_similarity("cat", "cat") == 1.0
    # PostgreSQL: SELECT similarity('word', 'two words') gives 0.36363637 (4 of 11 trigrams).
    assert round(trigram_similarity("word", "two words"), 3) == 0.364
    assert trigram_similarity("", "anything") == 0.0


def test_similar_respects_visibility(world, submit, client_for):
    mine = submit(world.kenyan, body=CAMPAIGN)
    submit(world.chilean, body=CAMPAIGN)
    # Private consultation: Kenya's delegate sees only Kenya's comments, so nothing similar.
    response = client_for(world.kenyan).get(f"/api/v1/comments/{mine.pk}/similar/")
    assert response.status_code == 200
    assert response.data == []
    # Chile's delegate may not see Kenya's comment at all.
    assert client_for(world.chilean).get(f"/api/v1/comments/{mine.pk}/similar/").status_code == 404


GREETINGS = ["", "Dear editors, ", "Good morning. ", "To the secretariat: ", "Hello, "]
COUNTRIES = ["Kenya", "Chile", "Norway", "Brazil", "India", "Japan", "Ghana", "Peru", "Spain"]
CAMPAIGN_TEMPLATE = (
    "{greeting}On behalf of the families of {country}, we urge the editors to require that "
    "every platform used by children offers a one-click button to report grooming, and that "
    "reports are answered by a trained person within 24 hours. Signed, parents of {country}."
)


def test_every_campaign_variant_is_found(world, submit, client_for):
    """Campaign comments that differ by a greeting and a country all find each other."""
    campaign = [
        submit(world.kenyan, body=CAMPAIGN_TEMPLATE.format(greeting=greeting, country=country))
        for greeting in GREETINGS
        for country in COUNTRIES
    ]
    unrelated = [submit(world.kenyan, body=body) for body in UNRELATED]
    client = client_for(world.editor)

    for probe in (campaign[0], campaign[-1]):
        rows = client.get(f"/api/v1/comments/{probe.pk}/similar/").json()
        assert {row["id"] for row in rows} == {c.pk for c in campaign} - {probe.pk}
        assert not {row["id"] for row in rows} & {c.pk for c in unrelated}
