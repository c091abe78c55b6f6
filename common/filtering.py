"""List filters that answer 400 to what the schema forbids: strict true/false, ids by number.

``FilterBackend`` (DEFAULT_FILTER_BACKENDS) builds the FilterSets of views that only name
``filterset_fields`` from ``FilterSet``, so a foreign key filters by id (a number from 1, an id
that matches nothing gives an empty list, as the schema can promise) and a boolean refuses
anything but true/false/1/0, for every list alike.
"""

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.widgets import BooleanWidget
from rest_framework.exceptions import ValidationError

from common.choices import FilterSet as ChoiceFilterSet
from common.ids import IdFilter


class _StrictBooleanWidget(BooleanWidget):
    """Like BooleanWidget, but hands an unknown word to the field instead of dropping it."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, str) and value.lower() not in ("", "1", "0", "true", "false"):
            return value
        return super().value_from_datadict(data, files, name)


class _StrictBooleanField(forms.NullBooleanField):
    widget = _StrictBooleanWidget

    def to_python(self, value):
        # The widget has already turned true/false/1/0 into booleans: any text left is a typo
        # that BooleanFilter would silently ignore, returning every row.
        if isinstance(value, str) and value:
            raise forms.ValidationError(_('Use "true" or "false".'), code="invalid")
        return super().to_python(value)


class StrictBooleanFilter(django_filters.BooleanFilter):
    """A true/false filter (1/0 too) that answers 400 to any other value."""

    field_class = _StrictBooleanField


class FilterSet(ChoiceFilterSet):
    """The base of generated FilterSets: id filters for relations, strict booleans, choice
    errors that list the valid values."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
        models.BooleanField: {"filter_class": StrictBooleanFilter},
    }


class FilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend whose ``filterset_fields`` FilterSets derive from ``FilterSet``."""

    filterset_base = FilterSet


def query_flag(request, name: str) -> bool | None:
    """The true/false query parameter `name` (None when absent); 400 naming it otherwise."""
    field = _StrictBooleanField(required=False)
    try:
        return field.clean(field.widget.value_from_datadict(request.query_params, {}, name))
    except forms.ValidationError as exc:
        raise ValidationError({name: exc.messages}) from None
