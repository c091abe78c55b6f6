"""Bounds of the integer ids a request may name: beyond them is a 400, not a database overflow."""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

# Ids are BigAutoField (64-bit signed). SQLite raises OverflowError on larger Python ints and
# PostgreSQL on numbers past bigint, so a caller's 99999999999999999999 must stop at validation.
MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A filter on an id: a whole number from 1 to MAX_ID, else 400 naming the parameter."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
