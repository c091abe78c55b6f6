"""Which language a request is answered in: the person's preference, their choice, the browser.

Django's LocaleMiddleware has already chosen from the language cookie (the switcher's choice)
and `Accept-Language`; a signed-in person's saved preference comes before both. The API
answers in the request's `Accept-Language` alone (API.md), whatever cookie a browser sends.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real


def accept_language_of(request) -> str:
    """The first language of `Accept-Language` that Concord speaks, else the default."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class PreferredLanguageMiddleware:
    """Activate the signed-in person's language (web pages) or Accept-Language (the API)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._language(request)
        if language and language != translation.get_language():
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)

    @staticmethod
    def _language(request) -> str | None:
        if request.path_info.startswith("/api/"):
            return accept_language_of(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            return user.language
        return None
