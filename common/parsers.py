"""Request parsers that refuse text PostgreSQL cannot store (NUL, lone surrogates) with a 400."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from common.guards import BAD_TEXT_MESSAGE, is_storable_text


def _has_bad_text(data) -> bool:
    """True when a string anywhere inside the parsed data (keys included) cannot be stored."""
    if isinstance(data, str):
        return not is_storable_text(data)
    if isinstance(data, dict):
        return any(_has_bad_text(key) or _has_bad_text(value) for key, value in data.items())
    if isinstance(data, list):
        return any(_has_bad_text(item) for item in data)
    return False


def _first_bad_field(data) -> str | None:
    """The top-level field that holds unstorable text, "non_field_errors", or None."""
    if isinstance(data, dict):
        for key, value in data.items():
            if _has_bad_text(key):
                return "non_field_errors"
            if _has_bad_text(value):
                return key
        return None
    return "non_field_errors" if _has_bad_text(data) else None


def _refuse_bad_text(data):
    if field := _first_bad_field(data):
        raise ValidationError({field: [BAD_TEXT_MESSAGE]})
    return data


class JSONParser(parsers.JSONParser):
    """JSON, minus NUL characters and lone surrogates."""

    def parse(self, stream, media_type=None, parser_context=None):
        # json (and the walk below) recurse per nesting level: a body of thousands of nested
        # brackets would otherwise escape as RecursionError, a 500.
        try:
            return _refuse_bad_text(super().parse(stream, media_type, parser_context))
        except RecursionError:
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from None


class FormParser(parsers.FormParser):
    """URL-encoded forms, minus NUL characters."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _refuse_bad_text({key: data.getlist(key) for key in data})
        return data


class MultiPartParser(parsers.MultiPartParser):
    """Multipart forms: the text fields are checked; uploaded files may hold any bytes."""

    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        _refuse_bad_text({key: result.data.getlist(key) for key in result.data})
        return result
