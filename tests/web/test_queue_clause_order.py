"""The queue in clause order: sections sorted as numbers (2 < 10 < 10.1 < 10.2.1), keyset pages
through the clause order's index, kept current when sections move, on every write path."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation.models import Comment, CommentStatus
from consultation.services.documents import section_create, section_move
from tests.factories import (
    CommentFactory,
    ConsultationFactory,
    GuidelineFactory,
    UserFactory,
    VersionFactory,
)

from .test_editor_pages import ids_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """A guideline with sections 1 … 10, 10.1, 10.2 and 10.2.1 (built by the services), an
    editor and a consultation on it."""
    guideline = GuidelineFactory()
    editor = UserFactory(roles=["editor"], username="clause-editor")
    guideline.editors.add(editor)
    top = [section_create(guideline=guideline, user=editor, heading=f"Part {n}") for n in range(10)]
    ten_one = section_create(guideline=guideline, user=editor, heading="Ten one", parent=top[9])
    ten_two = section_create(guideline=guideline, user=editor, heading="Ten two", parent=top[9])
    deep = section_create(guideline=guideline, user=editor, heading="Deep", parent=ten_two)
    consultation = ConsultationFactory(version=VersionFactory(guideline=guideline))
    return guideline, editor, consultation, top, ten_one, ten_two, deep


def _comment(consultation, section):
    return CommentFactory(
        consultation=consultation,
        section=section,
        status=CommentStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )


def _numbers(html: str) -> list[str]:
    return re.findall(r'<td class="queue-section">([^<]*)</td>', html)


def test_the_queue_in_clause_order_sorts_sections_as_numbers(signed_in, tree):
    guideline, editor, consultation, top, ten_one, ten_two, deep = tree
    # Written in an order that sorts differently by id and by text.
    for section in (deep, top[9], ten_two, top[1], ten_one, top[0]):
        _comment(consultation, section)
    client = signed_in(editor)
    html = client.get(f"/guidelines/{guideline.pk}/queue/?sort=clause").content.decode()
    assert _numbers(html) == ["1", "2", "10", "10.1", "10.2", "10.2.1"]
    newest = client.get(f"/guidelines/{guideline.pk}/queue/").content.decode()
    assert _numbers(newest) == ["1", "10.1", "2", "10.2", "10", "10.2.1"]


def test_clause_order_pages_by_keyset_with_the_same_queries(signed_in, tree):
    guideline, editor, consultation, top, *_ = tree
    made = [_comment(consultation, top[n % 10]) for n in range(75)]
    client = signed_in(editor)
    url = f"/guidelines/{guideline.pk}/queue/?sort=clause"
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        page_one = client.get(url).content.decode()
    after = re.search(r'href="\?sort=clause&amp;after=(\d+)"', page_one).group(1)
    with CaptureQueriesContext(connection) as second:
        page_two = client.get(f"{url}&after={after}").content.decode()
    assert len(first) == len(second)
    one, two = ids_on(page_one), ids_on(page_two)
    assert len(one) == 50 and len(two) == 25 and not set(one) & set(two)
    expected = sorted(made, key=lambda c: (int(c.section.number), c.pk))
    assert one + two == [c.pk for c in expected]


def test_moving_a_section_moves_its_comments_in_clause_order(signed_in, tree):
    guideline, editor, consultation, top, _, ten_two, deep = tree
    first, last = _comment(consultation, top[0]), _comment(consultation, deep)
    updated_at = Comment.objects.get(pk=last.pk).updated_at
    section_move(section=ten_two, user=editor, expected_revision=ten_two.revision, parent=None)
    html = signed_in(editor).get(f"/guidelines/{guideline.pk}/queue/?sort=clause").content.decode()
    # 10.2 became 11 (10.2.1 became 11.1): still after 1.
    assert _numbers(html) == ["1", "11.1"]
    section_move(
        section=ten_two, user=editor, expected_revision=ten_two.revision + 1, parent=None, order=1
    )
    html = signed_in(editor).get(f"/guidelines/{guideline.pk}/queue/?sort=clause").content.decode()
    assert _numbers(html) == ["1.1", "2"]
    assert ids_on(html) == [last.pk, first.pk]
    # A renumbering is not a change of the comment: the two-editors precondition stays calm.
    assert Comment.objects.get(pk=last.pk).updated_at == updated_at


def test_every_write_path_gives_the_comment_its_clause_key(tree):
    guideline, _, consultation, _, ten_one, _, deep = tree
    saved = _comment(consultation, deep)
    assert saved.clause_key == f"{guideline.pk:010d}.0010.0002.0001"
    bulk = Comment.objects.bulk_create(
        [Comment(consultation=consultation, section=ten_one, organisation=saved.organisation)]
    )
    assert Comment.objects.get(pk=bulk[0].pk).clause_key == f"{guideline.pk:010d}.0010.0001"
    assert CommentFactory(consultation=consultation, section=None).clause_key == ""


def test_imported_comments_get_their_clause_key(signed_in, world):
    from consultation.clause_order import clause_key

    from .test_import_pages import workbook

    client = signed_in(world.editor)
    url = f"/consultations/{world.consultation.pk}/import/"
    upload = workbook(["Chile", "3", world.scope.number, "", "te", "Name the services.", ""])
    preview = client.post(url, {"file": upload}).content.decode()
    token = preview.split('name="token" value="')[1].split('"')[0]
    client.post(url, {"token": token, "action": "import"})
    (imported,) = Comment.objects.all()
    assert imported.clause_key == clause_key(world.guideline.pk, world.scope.sort_key)
