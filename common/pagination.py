"""Pagination: page numbers with counts for small collections, keyset cursors for big ones."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Small collections: {"count", "next", "previous", "results"}, ?page_size= up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CursorPagination(pagination.CursorPagination):
    """Keyset pagination on the id: a deep page costs what the first page costs."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
