"""DRF throttles on the shared cache that fail open: a Redis outage never blocks a request.

Rates are read from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` on every request (DRF's own
classes freeze them at import time), so tests and operators can change them with settings.
When the cache raises (Redis down, timeout), the request is let through, a warning is logged
once, and the throttles stay out of the way for ``THROTTLE_BREAKER_SECONDS`` so that each
request does not pay a connection timeout while Redis is away.
"""

import logging
import time

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework import throttling
from rest_framework.settings import api_settings

logger = logging.getLogger(__name__)

_CACHE_ERRORS = (RedisError, OSError)
_breaker = {"open_until": 0.0}


def _breaker_open() -> bool:
    """True while a recent cache failure tells the throttles to stand aside."""
    return time.monotonic() < _breaker["open_until"]


def reset_breaker() -> None:
    """Close the breaker (tests; an operator's shell after fixing Redis)."""
    _breaker["open_until"] = 0.0


class FailOpenMixin:
    """Live rates from settings, and let the request through when the cache is unreachable."""

    def get_rate(self):
        rates = api_settings.DEFAULT_THROTTLE_RATES
        return rates.get(self.scope)

    def allow_request(self, request, view):
        if _breaker_open():
            return True
        try:
            return super().allow_request(request, view)
        except _CACHE_ERRORS as exc:
            _breaker["open_until"] = time.monotonic() + getattr(
                settings, "THROTTLE_BREAKER_SECONDS", 30
            )
            logger.warning("Throttling disabled for a while: the cache is unreachable (%s)", exc)
            return True


class AnonThrottle(FailOpenMixin, throttling.AnonRateThrottle):
    """Anonymous clients, per IP address (scope ``anon``)."""


class UserThrottle(FailOpenMixin, throttling.UserRateThrottle):
    """Signed-in users, per user (scope ``user``)."""


class AuthTokenThrottle(FailOpenMixin, throttling.ScopedRateThrottle):
    """The token endpoint, per IP address (scope ``auth_token``): slows password guessing."""

    def get_cache_key(self, request, view):
        # Always per client address: the caller of the token endpoint is not signed in yet.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
