"""Render notification and digest emails from templates (plain text and HTML)."""

from django.template.loader import render_to_string
from django.utils.translation import ngettext

from .links import preferences_link, target_link

SUBJECT_PREFIX = "[Concord] "
SUBJECT_MAX_CHARS = 200


def _subject(text: str) -> str:
    """One line, prefixed, short enough for every mail client."""
    line = " ".join(text.split())
    subject = SUBJECT_PREFIX + line
    if len(subject) > SUBJECT_MAX_CHARS:
        subject = subject[: SUBJECT_MAX_CHARS - 1] + "…"
    return subject


def _context(user, **extra) -> dict:
    return {
        "user": user,
        "name": user.get_full_name() or user.username,
        "preferences_url": preferences_link(),
        **extra,
    }


def render_notification_email(notification, user) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of the email telling `user` about one notification."""
    context = _context(
        user,
        notification=notification,
        action_url=target_link(notification.target_type, notification.target_id),
    )
    return (
        _subject(notification.message),
        render_to_string("notifications/email/notification.txt", context),
        render_to_string("notifications/email/notification.html", context),
    )


def render_digest_email(user, notifications) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of the daily digest listing `notifications`."""
    count = len(notifications)
    items = [(n, target_link(n.target_type, n.target_id)) for n in notifications]
    context = _context(user, items=items, count=count)
    return (
        _subject(
            ngettext(
                "Your daily digest: %(count)s notification",
                "Your daily digest: %(count)s notifications",
                count,
            )
            % {"count": count}
        ),
        render_to_string("notifications/email/digest.txt", context),
        render_to_string("notifications/email/digest.html", context),
    )
