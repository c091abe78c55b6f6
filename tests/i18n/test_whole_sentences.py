"""Messages are whole translated sentences: no English fragment or raw code inside them."""

import pytest
from django.utils import translation

from consultation.rules import as_actor, edit_refusal
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

EDITED = "Only drafts can be edited; this comment is %(status)s."


def test_a_refused_edit_reads_in_french_with_the_status_label(catalogs):
    catalogs(
        {
            "fr": {
                EDITED: "Seuls les brouillons peuvent être modifiés ; cette observation est "
                "%(status)s.",
                "Submitted": "Soumise",
            }
        }
    )
    comment = CommentFactory(status="submitted")
    delegate = UserFactory(roles=["delegate"], organisation=comment.organisation)
    with translation.override("fr"):
        refusal = edit_refusal(as_actor(delegate), comment)
        message = str(refusal.detail if hasattr(refusal, "detail") else refusal)
    assert message == (
        "Seuls les brouillons peuvent être modifiés ; cette observation est soumise."
    )
