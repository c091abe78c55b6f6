"""Pagination: page numbers with counts for small collections, keyset cursors for big ones."""

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

from common.ids import MAX_ID


class StrictPageSize:
    """?page_size= is a whole number from 1 (larger than the maximum gives the maximum); any
    other value is a 400 naming the parameter, not silently the default size."""

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            message = _("Must be a whole number from 1; pages hold at most %(max_page_size)s.") % {
                "max_page_size": self.max_page_size
            }
            raise ValidationError({self.page_size_query_param: [message]})
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = (
                    f"Rows per page, {self.page_size} by default; larger than "
                    f"{self.max_page_size} gives {self.max_page_size}."
                )
            elif parameter["name"] == getattr(self, "page_query_param", None):
                parameter["schema"]["minimum"] = 1
        return parameters


class PageNumberPagination(StrictPageSize, pagination.PageNumberPagination):
    """Small collections: {"count", "next", "previous", "results"}, ?page_size= up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CursorPagination(StrictPageSize, pagination.CursorPagination):
    """Keyset pagination on the id: a deep page costs what the first page costs."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def decode_cursor(self, request):
        """A malformed ?cursor= is the caller's mistake: 400 naming the parameter, not 404."""
        message = _("Invalid cursor; follow the next or previous link of a page instead.")
        if not request.query_params.get(self.cursor_query_param):
            return None  # ?cursor= left empty: the first page
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [message]}) from None
        position = cursor.position if cursor is not None else None
        if position is not None and not self.valid_position(position):
            raise ValidationError({self.cursor_query_param: [message]})
        return cursor

    def valid_position(self, position: str) -> bool:
        """Whether a cursor's position fits the first ordering field (here the id)."""
        # It is compared with the id column: a forged non-number or one past 64 bits would
        # fail in the database (a 500) instead of here.
        try:
            return 0 <= int(position) <= MAX_ID
        except ValueError:
            return False


class NewestFirstPagination(CursorPagination):
    """Keyset pagination by creation time, newest first; the id breaks ties, so a page boundary
    between rows created in the same instant neither repeats nor skips one."""

    ordering = ("-created_at", "-id")

    def valid_position(self, position: str) -> bool:
        """A position is a creation time."""
        try:
            return parse_datetime(position) is not None
        except ValueError:
            return False


class KeysetRows:
    """The part of the QuerySet API that CursorPagination uses (order_by, a filter on the
    ordering field, one slice), for rows a caller fetches itself in one query:
    fetch(ordering=, bound=(lookup, position) or None, offset=, limit=) -> rows."""

    def __init__(self, fetch):
        self._fetch, self._ordering, self._bound = fetch, (), None

    def order_by(self, *ordering):
        self._ordering = ordering
        return self

    def filter(self, **bound):
        ((lookup, position),) = bound.items()
        self._bound = (lookup, position)
        return self

    def __getitem__(self, window: slice) -> list:
        return self._fetch(
            ordering=self._ordering,
            bound=self._bound,
            offset=window.start,
            limit=window.stop - window.start,
        )
