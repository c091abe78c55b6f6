"""common.prepared: SQL compiled once per shape gives the same rows as the ORM, for any values."""

import datetime as dt

import pytest
from django.utils import timezone

from common import prepared
from common.prepared import prepared_rows
from consultation.models import Comment
from tests.factories import ConsultationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.setattr(prepared, "_shapes", prepared.OrderedDict())


@pytest.fixture
def comments():
    consultation = ConsultationFactory()
    kenya, chile = OrganisationFactory(name="Kenya"), OrganisationFactory(name="Chile")
    made = {}
    for org, bodies in ((kenya, ["Kenya one", "Kenya two"]), (chile, ["Chile one"])):
        made[org.name] = [
            Comment.objects.create(
                consultation=consultation, organisation=org, type="general", body=body
            ).pk
            for body in bodies
        ]
    return kenya, chile, made


def test_one_compile_per_key_and_each_call_gets_its_own_values(comments):
    kenya, chile, made = comments
    built = []

    def build(v):
        built.append(v)
        return Comment.objects.filter(organisation_id=v["org"]).order_by("id").values("id")

    def ids(org):
        return [row["id"] for row in prepared_rows("by org", build, {"org": org.pk})]

    assert ids(kenya) == made["Kenya"]
    assert ids(chile) == made["Chile"]
    assert ids(kenya) == made["Kenya"]
    assert len(built) == 1  # compiled once, with placeholders
    assert built[0]["org"] not in (kenya.pk, chile.pk)


def test_a_value_the_orm_rewrites_is_never_cached_and_stays_right(comments):
    _, _, made = comments
    calls = []

    def build(v):
        calls.append(v)
        # icontains wraps the value in %...%: the placeholder does not reach the SQL verbatim.
        return Comment.objects.filter(body__icontains=v["word"]).order_by("id").values("id")

    def ids(word):
        return [row["id"] for row in prepared_rows("search", build, {"word": word})]

    assert ids("kenya") == made["Kenya"]
    assert ids("chile") == made["Chile"]
    # Tried once with placeholders, then built with the real values on every call.
    assert [v["word"] for v in calls[1:]] == ["kenya", "chile"]


def test_a_datetime_turned_into_a_date_is_not_cached(comments):
    _, _, made = comments
    today = timezone.now()

    def build(v):
        return Comment.objects.filter(created_at__date=v["day"]).order_by("id").values("id")

    rows = prepared_rows("by day", build, {"day": today})
    assert [row["id"] for row in rows] == made["Kenya"] + made["Chile"]
    yesterday = today - dt.timedelta(days=1)
    assert prepared_rows("by day", build, {"day": yesterday}) == []


def test_a_value_the_shape_does_not_use_makes_it_uncacheable(comments):
    kenya, chile, made = comments
    calls = []

    def build(v):
        calls.append(v)
        return Comment.objects.filter(organisation_id=v["org"]).order_by("id").values("id")

    for org in (kenya, chile):
        rows = prepared_rows("extra", build, {"org": org.pk, "unused": 7})
        assert [row["id"] for row in rows] == made[org.name]
    assert len(calls) == 3  # placeholders once, then the ORM for each call


def test_the_cache_holds_a_bounded_number_of_shapes(comments, monkeypatch):
    kenya, _, _ = comments
    monkeypatch.setattr(prepared, "MAX_SHAPES", 3)

    def build(v):
        return Comment.objects.filter(organisation_id=v["org"]).values("id")

    for n in range(10):
        assert len(prepared_rows(("shape", n), build, {"org": kenya.pk})) == 2
    assert list(prepared._shapes) == [("shape", 7), ("shape", 8), ("shape", 9)]
