"""Text fields take text: a JSON number or boolean where the schema says string is a 400.

DRF's CharField turns 42 into "42"; the schema says `type: string`, so the API refuses what it
promises to refuse. Installed once (CommonConfig.ready) for every CharField and its subclasses
(email, slug, URL, regex), in every serializer; form and multipart values are always text.
"""

from rest_framework import serializers

_to_internal_value = serializers.CharField.to_internal_value


def _text_only(field, data):
    if not isinstance(data, str):
        field.fail("invalid")
    return _to_internal_value(field, data)


def install() -> None:
    """Make CharField refuse values that are not strings ("Not a valid string.")."""
    serializers.CharField.to_internal_value = _text_only
