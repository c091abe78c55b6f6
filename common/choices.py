"""Choice fields whose error names the valid values, for serializers and filters alike.

DRF says '"policy" is not a valid choice.' and django-filter 'Select a valid choice. policy is
not one of the available choices.'; neither says what would have been valid. Both answer with
invalid_choice_message here instead.
"""

import django_filters
from django import forms
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def invalid_choice_message(value, choices) -> str:
    """The one wording of a value outside a list of choices: the value and every valid one."""
    valid = ", ".join(f'"{key}"' for key in choices if key not in ("", None))
    return _('"%(value)s" is not a valid choice; use one of %(valid)s.') % {
        "value": value,
        "valid": valid,
    }


class ChoiceField(serializers.ChoiceField):
    """A serializer choice field whose error lists the valid values."""

    def fail(self, key, **kwargs):
        if key == "invalid_choice":
            message = invalid_choice_message(kwargs.get("input"), self.choices)
            raise serializers.ValidationError(message, code=key)
        super().fail(key, **kwargs)


class _ChoiceFormField(django_filters.fields.ChoiceField):
    def validate(self, value):
        try:
            super().validate(value)
        except forms.ValidationError as exc:
            if exc.code != "invalid_choice":
                raise
            keys = [key for key, _label in self.choices]
            # As a parameter: django-filter %-formats the message, and the value may hold "%".
            raise forms.ValidationError(
                "%(message)s",
                code="invalid_choice",
                params={"message": invalid_choice_message(value, keys)},
            ) from None


class ChoiceFilter(django_filters.ChoiceFilter):
    """A filter on a list of choices whose error lists the valid values."""

    field_class = _ChoiceFormField


class FilterSet(django_filters.rest_framework.FilterSet):
    """A FilterSet whose choice fields get ChoiceFilter (common.filtering builds on it)."""

    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        filter_class, params = super().filter_for_lookup(field, lookup_type)
        if filter_class is django_filters.ChoiceFilter:
            filter_class = ChoiceFilter
        return filter_class, params


def inline_enum(choices, **kwargs) -> ChoiceField:
    """A choice field documented as an inline enum, not a shared component.

    drf-spectacular names enum components after the field ("status", "kind"), and the other
    apps' fields of the same name with other choices would collide (a schema warning CI fails on).
    """
    schema = {"type": "string", "enum": [value for value, _ in choices]}
    if kwargs.get("allow_blank"):
        schema["enum"].append("")
    field_class = type("InlineEnumField", (ChoiceField,), {})
    extend_schema_field(schema)(field_class)
    return field_class(choices=choices, **kwargs)
