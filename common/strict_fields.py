"""Serializer fields take only the JSON types the schema states for them; anything else is 400.

DRF's CharField turns 42 into "42", and its many-related fields take an object ({}) for an
empty list; the schema says `type: string` and `type: array`, so the API refuses what it
promises to refuse. Installed once (CommonConfig.ready) for every serializer; form and
multipart values are always text, so only JSON bodies can send the other types.
"""

from rest_framework import relations, serializers

_text_to_internal_value = serializers.CharField.to_internal_value
_many_to_internal_value = relations.ManyRelatedField.to_internal_value


def _text_only(field, data):
    if not isinstance(data, str):
        field.fail("invalid")
    return _text_to_internal_value(field, data)


def _list_only(field, data):
    if isinstance(data, dict):
        field.fail("not_a_list", input_type=type(data).__name__)
    return _many_to_internal_value(field, data)


def install() -> None:
    """CharField refuses non-strings ("Not a valid string."), many-related fields objects."""
    serializers.CharField.to_internal_value = _text_only
    relations.ManyRelatedField.to_internal_value = _list_only
