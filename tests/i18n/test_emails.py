"""E-mails and notifications are written in each recipient's language (SMTP is Django's locmem)."""

import pytest

from reviews.services.notices import notify_comments_resolved
from tests.factories import CommentFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

RESOLVED = "Your organisation's comment %(pk)s on %(title)s was resolved: %(decision)s."
OPEN_IT = "Open it in Concord:"


def test_each_recipient_reads_the_notice_and_email_in_their_language(
    catalogs, mailoutbox, django_capture_on_commit_callbacks
):
    catalogs(
        {
            "ru": {
                RESOLVED: "Замечание %(pk)s вашей организации к «%(title)s» рассмотрено: "
                "%(decision)s.",
                "Accepted": "Принято",
                OPEN_IT: "Открыть в Concord:",
            },
            "fr": {
                RESOLVED: "L'observation %(pk)s de votre organisation sur « %(title)s » a "
                "été traitée : %(decision)s.",
                "Accepted": "Acceptée",
                OPEN_IT: "L'ouvrir dans Concord :",
            },
        }
    )
    kenya = OrganisationFactory()
    russian = UserFactory(roles=["delegate"], organisation=kenya, language="ru")
    french = UserFactory(roles=["delegate"], organisation=kenya, language="fr")
    chooser = UserFactory(roles=["delegate"], organisation=kenya)  # no preference: English
    comment = CommentFactory(organisation=kenya, decision="accepted")
    editor = UserFactory(roles=["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        notify_comments_resolved([comment], actor=editor)
    title = comment.consultation.guideline.title
    notices = {n.recipient_id: n.message for n in comment_notifications(comment)}
    assert (
        notices[russian.pk]
        == f"Замечание {comment.pk} вашей организации к «{title}» рассмотрено: принято."
    )
    assert notices[french.pk].endswith("a été traitée : acceptée.")
    assert notices[chooser.pk] == (
        f"Your organisation's comment {comment.pk} on {title} was resolved: accepted."
    )
    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert notices[russian.pk] in mails[russian.email].subject
    assert "Открыть в Concord:" in mails[russian.email].body
    assert "L'ouvrir dans Concord :" in mails[french.email].body
    assert "Open it in Concord:" in mails[chooser.email].body


def comment_notifications(comment):
    from notifications.models import Notification

    return Notification.objects.filter(target_type="comment", target_id=comment.pk)


def test_a_password_reset_email_is_written_in_the_account_holders_language(
    catalogs, client, mailoutbox
):
    catalogs({"fr": {"Choose a new password here:": "Choisissez un nouveau mot de passe ici :"}})
    person = UserFactory(roles=["delegate"], language="fr")
    client.post("/password/reset/", {"email": person.email}, HTTP_ACCEPT_LANGUAGE="en")
    (sent,) = mailoutbox
    assert "Choisissez un nouveau mot de passe ici :" in sent.body
    assert "Réinitialisation du mot de passe" in sent.subject  # Django's own French catalog
