"""Idempotency-Key for POSTs that create things: a retry replays the first reply, once.

Decorate a DRF view handler with ``@idempotent``. When the request carries an
``Idempotency-Key`` header (1-255 printable ASCII characters, e.g. a UUID), the handler runs
inside one transaction that also inserts the key for the caller:

- first request: the handler runs; a 2xx reply is stored (status and body) with the key;
  any other reply is not stored, so the client may fix the request and retry with the key;
- retry with the same method, path and body: the stored reply is sent again with the header
  ``Idempotent-Replayed: true`` and nothing runs, so nothing is created twice;
- the same key with another body or endpoint: ``422 idempotency_key_reused``.

Two concurrent requests with one key cannot both run: the second insert waits on the unique
index until the first transaction ends, then replays its reply. Keys live in the database
(they work without Redis) and expire after ``IDEMPOTENCY_KEY_TTL`` seconds (default a day).
"""

import functools
import hashlib
import json
import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from common.errors import DomainError
from common.models import IdempotencyKey

HEADER = "Idempotency-Key"
_VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type={"type": "string", "pattern": _VALID_KEY.pattern},
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Optional. A unique value per intended request (e.g. a UUID). A retry with the same "
        "key and body returns the first reply and creates nothing new; the same key with a "
        "different body is refused with 422 idempotency_key_reused."
    ),
)


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"
    status_code = 422
    default_detail = gettext_lazy(
        "This Idempotency-Key was already used for a different request; use a new key for a new "
        "request."
    )


def _fingerprint(request) -> str:
    """A digest of what the request asks for: method, path and its parsed body with files."""
    data = request.data
    # Form or multipart: keep every value of repeated fields, in order.
    body = dict(data.lists()) if hasattr(data, "lists") else data
    files = {}
    for name, upload in request.FILES.items():
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        files[name] = [upload.name, digest.hexdigest()]
    canonical = json.dumps(
        [request.method, request.path, body, files], sort_keys=True, default=str
    ).encode()
    return hashlib.sha256(canonical).hexdigest()


def _ttl() -> timedelta:
    return timedelta(seconds=getattr(settings, "IDEMPOTENCY_KEY_TTL", 24 * 3600))


def idempotent(handler):
    """Make a DRF view handler honour the Idempotency-Key header (see the module docstring)."""

    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or not request.user.is_authenticated:
            return handler(view, request, *args, **kwargs)
        if not _VALID_KEY.match(key):
            raise ValidationError(
                {
                    HEADER: [
                        _("Use 1 to 255 printable ASCII characters without spaces, e.g. a UUID.")
                    ]
                }
            )
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            IdempotencyKey.objects.filter(
                user=request.user, key=key, created_at__lt=timezone.now() - _ttl()
            ).delete()
            try:
                with transaction.atomic():
                    record = IdempotencyKey.objects.create(
                        user=request.user,
                        key=key,
                        method=request.method,
                        path=request.path[:500],
                        fingerprint=fingerprint,
                        status_code=0,
                    )
            except IntegrityError:
                record = IdempotencyKey.objects.get(user=request.user, key=key)
                if record.fingerprint != fingerprint:
                    raise IdempotencyKeyReused() from None
                return Response(
                    record.response_body,
                    status=record.status_code,
                    headers={"Idempotent-Replayed": "true"},
                )
            response = handler(view, request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                record.status_code = response.status_code
                record.response_body = response.data
                record.save(update_fields=["status_code", "response_body"])
            else:
                # Nothing was created: let the client correct the request and reuse the key.
                record.delete()
            return response

    return wrapper
