"""Which language people get: the API by Accept-Language, pages by preference, cookie, browser."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import User
from tests.factories import ConsultationFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NOT_OPEN = (
    "The consultation opens on %(opens_at)s and closes on %(effective_closes_at)s; comments "
    "can be written from the opening."
)
AT_UTC = "%(date)s at %(time)s UTC"


@pytest.fixture
def scheduled(db):
    """A consultation opening in a week, and a delegate of an invited member state."""
    opens = timezone.now() + dt.timedelta(days=7)
    consultation = ConsultationFactory(opens_at=opens, closes_at=opens + dt.timedelta(days=30))
    delegate = UserFactory(roles=["delegate"], organisation=OrganisationFactory())
    return consultation, delegate


def draft(client, consultation, **headers):
    body = {"consultation": consultation.pk, "type": "general", "body": "Name the owner."}
    return client.post("/api/v1/comments/", body, format="json", headers=headers)


@pytest.mark.parametrize(
    ("language", "sentence", "moment"),
    [
        (
            "fr",
            "La consultation s'ouvre le %(opens_at)s et se clôt le %(effective_closes_at)s ; "
            "les observations peuvent être rédigées dès l'ouverture.",
            "%(date)s à %(time)s UTC",
        ),
        (
            "ru",
            "Консультация открывается %(opens_at)s и закрывается %(effective_closes_at)s; "
            "замечания можно писать с момента открытия.",  # noqa: RUF001
            "%(date)s в %(time)s UTC",
        ),
    ],
)
def test_an_api_error_speaks_the_requests_language(
    catalogs, client_for, scheduled, language, sentence, moment
):
    catalogs({language: {NOT_OPEN: sentence, AT_UTC: moment}})
    consultation, delegate = scheduled
    delegate.language = "en"  # the preference is for pages and e-mails, not the API
    delegate.save()
    response = draft(client_for(delegate), consultation, accept_language=f"{language},en;q=0.5")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "consultation_not_open"  # codes never change
    assert response["Content-Language"] == language
    start, _, _ = sentence.partition("%(opens_at)s")
    assert body["detail"].startswith(start)
    assert moment.split("%(time)s")[1] in body["detail"]  # "UTC", after the translated "at"
    assert "closes on" not in body["detail"]


def test_an_api_error_without_accept_language_is_english(client_for, scheduled):
    consultation, delegate = scheduled
    response = draft(client_for(delegate), consultation)
    assert response.json()["detail"].startswith("The consultation opens on ")
    assert " UTC and closes on " in response.json()["detail"]


def test_drf_errors_use_its_own_catalogs(api):
    response = api.get("/api/v1/users/me/", headers={"accept-language": "fr"})
    assert response.status_code == 401
    assert response.json() == {
        "code": "not_authenticated",
        "detail": "Informations d'authentification non fournies.",
    }


def test_a_person_sets_their_language_through_the_api(client_for, delegate):
    client = client_for(delegate)
    assert client.get("/api/v1/users/me/").json()["language"] == ""
    changed = client.patch("/api/v1/users/me/", {"language": "ar"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["language"] == "ar"
    assert User.objects.get(pk=delegate.pk).language == "ar"
    assert (
        client.patch("/api/v1/users/me/", {"language": ""}, format="json").json()["language"] == ""
    )


def test_an_unknown_language_or_another_field_is_refused(client_for, delegate):
    client = client_for(delegate)
    unknown = client.patch("/api/v1/users/me/", {"language": "de"}, format="json")
    assert unknown.status_code == 400
    assert list(unknown.json()) == ["language"]
    other = client.patch("/api/v1/users/me/", {"language": "fr", "roles": []}, format="json")
    assert other.status_code == 400
    assert list(other.json()) == ["roles"]
    assert User.objects.get(pk=delegate.pk).language == ""


def lang_of(response) -> str:
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_a_page_follows_the_preference_then_the_cookie_then_the_browser(client, delegate):
    client.cookies["django_language"] = "fr"
    assert lang_of(client.get("/login/", headers={"accept-language": "es"})) == "fr"
    del client.cookies["django_language"]
    assert lang_of(client.get("/login/", headers={"accept-language": "es"})) == "es"
    assert lang_of(client.get("/login/", headers={"accept-language": "zh-CN"})) == "zh-hans"
    delegate.language = "ru"
    delegate.save()
    client.force_login(delegate)
    client.cookies["django_language"] = "fr"
    page = client.get("/", headers={"accept-language": "es"})
    assert lang_of(page) == "ru"


def test_arabic_pages_are_right_to_left(client):
    page = client.get("/login/", headers={"accept-language": "ar"})
    assert '<html lang="ar" dir="rtl">' in page.content.decode()
    assert "bootstrap.rtl.min.css" in page.content.decode()


def test_switching_while_signed_in_saves_the_preference(client, delegate):
    client.force_login(delegate)
    response = client.post("/language/", {"language": "zh-hans", "next": "/notifications/"})
    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    assert response.cookies["django_language"].value == "zh-hans"
    assert User.objects.get(pk=delegate.pk).language == "zh-hans"
    assert lang_of(client.get("/notifications/")) == "zh-hans"


def test_switching_signed_out_sets_only_the_cookie(client):
    response = client.post("/language/", {"language": "es", "next": "/login/"})
    assert response.cookies["django_language"].value == "es"
    assert lang_of(client.get("/login/")) == "es"


def test_every_page_offers_the_switcher_with_each_language_in_itself(client, delegate):
    client.force_login(delegate)
    html = client.get("/").content.decode()
    assert 'action="/language/"' in html and '<label class="visually-hidden"' in html
    for code, name in [("ar", "العربية"), ("zh-hans", "简体中文"), ("ru", "Русский")]:
        assert f'<option value="{code}" lang="{code}"' in html and name in html


def test_a_missing_page_says_so_in_the_readers_language(catalogs, client):
    catalogs({"ru": {"Page not found": "Страница не найдена"}})
    answer = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ru")
    assert answer.status_code == 404
    assert "Страница не найдена" in answer.content.decode()
