"""A test email backend standing in for an SMTP server that fails a set number of times."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakySMTPBackend(EmailBackend):
    """Raises an SMTP error while FlakySMTPBackend.failures_left > 0, then delivers (locmem)."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakySMTPBackend.failures_left > 0:
            FlakySMTPBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
