"""A JSON renderer on orjson for the hot read endpoints (the comment list): same JSON as DRF's."""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_FALLBACK = JSONEncoder()


class ORJSONRenderer(JSONRenderer):
    """DRF's JSONRenderer output (UTF-8, compact) written by orjson; what orjson does not know
    (lazy translations, Decimal, UUID subclasses...) goes through DRF's encoder."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        # OPT_UTC_Z: a UTC datetime ends in "Z", as DRF's DateTimeField and encoder write it.
        return orjson.dumps(
            data, default=_FALLBACK.default, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z
        )
