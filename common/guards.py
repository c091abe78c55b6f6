"""Hostile-input guards in front of every view: body size caps and text PostgreSQL cannot store.

- A body longer than its cap is refused with 413 before anything reads it: JSON and forms are
  capped at ``DATA_UPLOAD_MAX_MEMORY_SIZE``, multipart uploads at ``UPLOAD_MAX_BYTES``. DRF
  streams JSON straight from the socket, so Django's own cap would never fire for it. A
  chunked body has no Content-Length, and Django would read none of it (the view would see an
  empty body): it is read here, up to its cap, and refused the same way past it.
- NUL characters (``\\x00``) and lone surrogates are refused with 400 in the query string
  (here) and in JSON and form bodies (``common.parsers``): PostgreSQL rejects NUL in text and
  UTF-8 cannot encode a lone surrogate, so either would otherwise surface as a 500.
- An API query parameter given more than once is refused with 400 naming it: none takes a
  list, and Django would silently use the last value.
- Django's own "too big / too many fields" errors, raised while a view parses a body, become
  the same JSON answers instead of an HTML 400 page.
"""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.handlers.wsgi import LimitedStream
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BAD_TEXT_MESSAGE = gettext_lazy(
    "Text may not contain NUL (\\x00) characters or unpaired surrogates; remove them and retry."
)


def is_storable_text(value: str) -> bool:
    """True when PostgreSQL can store the string: no NUL and valid UTF-8 when encoded."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def too_large(length: int | None, limit: int) -> JsonResponse:
    """413 in the API's error shape; `length` None when only "more than the limit" is known."""
    size = f"more than {limit}" if length is None else f"{length}"
    return JsonResponse(
        {
            "code": "request_too_large",
            "detail": (
                _(
                    "The request body is %(size)s bytes; the limit is %(limit)s bytes. Send a "
                    "smaller file or split the request."
                )
                % {"size": size, "limit": limit}
            ),
        },
        status=413,
    )


def _read_chunked_body(request, limit: int | None) -> bool:
    """Read a chunked body (at most `limit` + 1 bytes) and hand it to Django as one of known
    length; False when it is longer than `limit`."""
    stream = request.META["wsgi.input"]
    body = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(body) > limit:
        return False
    request.META["CONTENT_LENGTH"] = str(len(body))
    request._stream = LimitedStream(io.BytesIO(body), len(body))
    return True


class RequestGuardMiddleware:
    """Refuse oversized bodies (413) and unstorable query text (400) before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.check(request) or self.get_response(request)

    def check(self, request):
        """The early rejection for this request, or None to let it through."""
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
            if length < 0:
                raise ValueError(raw)
        except ValueError:
            message = _("Must be a whole number of bytes.")
            return JsonResponse({"Content-Length": [message]}, status=400)
        multipart = request.content_type.startswith("multipart/")
        limit = settings.UPLOAD_MAX_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return too_large(length, limit)
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not length and not _read_chunked_body(request, limit):
            return too_large(None, limit)
        if not is_storable_text(request.path):
            return JsonResponse({"path": [BAD_TEXT_MESSAGE]}, status=400)
        try:
            params = list(request.GET.lists())
        except TooManyFieldsSent:
            return JsonResponse({"query": ["Too many query parameters."]}, status=400)
        for key, values in params:
            if not all(is_storable_text(text) for text in [key, *values]):
                field = key if is_storable_text(key) else "query"
                return JsonResponse({field: [BAD_TEXT_MESSAGE]}, status=400)
            if len(values) > 1 and request.path.startswith("/api/"):
                # Every API parameter takes one value: a repeat would silently use the last.
                return JsonResponse({key: [_("Give this query parameter once.")]}, status=400)
        return None

    def process_exception(self, request, exception):
        """Django's parsing limits, hit inside a view, answered as JSON rather than HTML."""
        if isinstance(exception, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return too_large(int(request.META.get("CONTENT_LENGTH") or 0), limit)
        if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
            return JsonResponse({"non_field_errors": [str(exception)]}, status=400)
        return None
