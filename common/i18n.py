"""Translation helpers shared by the apps: lazy interpolation and the recipient's language."""

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy


def _interpolate(message, params) -> str:
    return str(message) % params


_lazy_interpolate = lazy(_interpolate, str)


def lazy_format(message, **params):
    """`message % params`, translated when it is read (in the language active then)."""
    return _lazy_interpolate(message, params)


#: `str(text).lower()`, evaluated when read: a choice's label inside a sentence.
lazy_lower = lazy(lambda text: str(text).lower(), str)


def language_of(user) -> str:
    """The language a person reads: their preference, else the site's default."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user):
    """Render what is built inside in `user`'s language (e-mails, notifications)."""
    with translation.override(language_of(user)):
        yield
