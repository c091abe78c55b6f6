"""Messages are whole translated sentences: no English fragment or raw code inside them."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from consultation.anchoring import anchor_errors
from consultation.iso_template.reader import read_comment_sheet
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


NO_HEADER = (
    "No header row found. Use the ISO comment template: a header row (within the first "
    "%(rows)s rows) with at least the columns MB/NC, Type of comment and Comments, in English "
    "or French. Expected headers: %(headers)s."
)
LENGTH = (
    "end - start must equal the length of the quote (%(n_quote)s; %(unit)s). %(where_it_occurs)s"
)


def test_a_file_without_header_is_refused_in_one_french_sentence(catalogs):
    catalogs({"fr": {NO_HEADER: "Aucune ligne d'en-tête (%(rows)s lignes lues). %(headers)s"}})
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        read_comment_sheet(SimpleUploadedFile("text.csv", b"just,some,text\n1,2,3\n"))
    [message] = refused.value.message_dict["file"]
    assert message.startswith("Aucune ligne d'en-tête (30 lignes lues). MB/NC, ")
    assert "Use the ISO" not in message


def test_an_anchor_of_the_wrong_length_is_explained_in_french(catalogs):
    catalogs(
        {
            "fr": {
                LENGTH: "end - start doit valoir la longueur de la citation (%(n_quote)s ; "
                "%(unit)s). %(where_it_occurs)s",
                "The quote occurs at %(places)s.": "La citation se trouve en %(places)s.",
            }
        }
    )
    with translation.override("fr"):
        [error] = anchor_errors(
            "un texte consulté", quote="texte", prefix="", suffix="", start=3, end=9
        )
    assert error.startswith("end - start doit valoir la longueur de la citation (5 ; ")
    assert error.endswith("La citation se trouve en 3:8.")
