"""Filters of the comment list (see the README), including the full-text search `q`."""

import copy

import django_filters
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from accounts.models import OrganisationKind
from common.choices import ChoiceFilter
from common.filtering import StrictBooleanFilter
from common.ids import IdFilter
from consultation.models import (
    AnchorState,
    Comment,
    CommentStatus,
    CommentType,
    Consultation,
    ConsultationStatus,
    Decision,
    UpdateRequest,
    UpdateRequestStatus,
)

# Must match the expression of the GIN index in migration comments_fulltext_index, or
# PostgreSQL will not use the index.
SEARCH_CONFIG = "english"
MAX_SEARCH_TERMS = 20


def search_comments(queryset, text: str):
    """Comments whose body or proposed change match every word of `text`.

    PostgreSQL: full-text search (stemmed, web-search syntax) over an indexed tsvector;
    elsewhere (SQLite in development): each word must appear in the body or proposed change.
    """
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("body", "proposed_change", config=SEARCH_CONFIG)
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        # alias, not annotate: the list's rows must not carry the vector.
        return queryset.alias(search=vector).filter(search=query)
    for word in text.split()[:MAX_SEARCH_TERMS]:
        queryset = queryset.filter(Q(body__icontains=word) | Q(proposed_change__icontains=word))
    return queryset


class _SharedFields(dict):
    """A form class's fields, shared by its forms instead of deep-copied into each: validating
    a filter only reads them."""

    def __deepcopy__(self, memo):
        return dict(self)


class _ShallowFilters(dict):
    """A FilterSet's filters, copied shallowly per instance (each copy gets its own parent)."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            copies[name] = clone = copy.copy(filter_)
            if filter_.method is not None:
                clone.method = filter_.method  # binds a FilterMethod to the copy
        return copies


class LeanFilterSet(django_filters.FilterSet):
    """A FilterSet whose per-request setup deep-copies nothing: django-filter copies every
    filter and form field (with their choices) for each request, most of a hot list's filter
    time, though nothing mutates them. The form class is built once per FilterSet class."""

    @classmethod
    def get_filters(cls):
        return _ShallowFilters(super().get_filters())

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_cached_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = _SharedFields(form_class.base_fields)
            cls._cached_form_class = form_class
        return form_class


class CommentFilter(LeanFilterSet):
    consultation = IdFilter(field_name="consultation_id")
    guideline = IdFilter(field_name="consultation__guideline_id")
    section = IdFilter(field_name="section_id")
    organisation = IdFilter(field_name="organisation_id")
    organisation_kind = ChoiceFilter(
        field_name="organisation__kind", choices=OrganisationKind.choices
    )
    type = ChoiceFilter(choices=CommentType.choices)
    status = ChoiceFilter(choices=CommentStatus.choices)
    decision = ChoiceFilter(choices=Decision.choices)
    resolved = StrictBooleanFilter(method="filter_resolved")
    assignee = IdFilter(field_name="assignee_id")
    anchor_state = ChoiceFilter(choices=AnchorState.choices)
    q = django_filters.CharFilter(method="filter_q", max_length=500)

    class Meta:
        model = Comment
        fields = []

    def filter_resolved(self, queryset, name, value):
        return queryset.exclude(decision="") if value else queryset.filter(decision="")

    def filter_q(self, queryset, name, value):
        return search_comments(queryset, value)


class UpdateRequestFilter(django_filters.FilterSet):
    guideline = IdFilter(field_name="guideline_id")
    organisation = IdFilter(field_name="organisation_id")
    status = ChoiceFilter(choices=UpdateRequestStatus.choices)

    class Meta:
        model = UpdateRequest
        fields = []


class ConsultationFilter(django_filters.FilterSet):
    guideline = IdFilter(field_name="guideline_id")
    version = IdFilter(field_name="version_id")
    status = ChoiceFilter(choices=ConsultationStatus.choices, method="filter_status")

    class Meta:
        model = Consultation
        fields = []

    def filter_status(self, queryset, name, value):
        now = timezone.now()
        closed = Q(closes_at__lte=now) | Q(closed_early_at__lte=now)
        if value == ConsultationStatus.SCHEDULED:
            return queryset.filter(opens_at__gt=now)
        if value == ConsultationStatus.CLOSED:
            return queryset.filter(closed, opens_at__lte=now)
        return queryset.filter(opens_at__lte=now).exclude(closed)
