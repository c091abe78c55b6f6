"""Test email backends standing in for an SMTP server that fails a set number of times."""

import os
import smtplib

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.locmem import EmailBackend


class FlakySMTPBackend(EmailBackend):
    """Raises an SMTP error while FlakySMTPBackend.failures_left > 0, then delivers (locmem)."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakySMTPBackend.failures_left > 0:
            FlakySMTPBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class FlakyFileBackend(FileBackend):
    """For a worker process: the first FLAKY_SMTP_FAILURES sends fail, later ones are written
    to EMAIL_FILE_PATH (the worker runs one process, so the count is shared)."""

    failures_left = int(os.environ.get("FLAKY_SMTP_FAILURES", "0"))

    def send_messages(self, messages):
        if FlakyFileBackend.failures_left > 0:
            FlakyFileBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
