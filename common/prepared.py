"""Querysets compiled to SQL once per shape and run with each call's values (the hottest reads).

On a small indexed page, building a queryset and compiling it costs Django several times what
PostgreSQL takes to run it (BENCHMARKS.md). `prepared_rows(key, build, values)` calls `build`
once per `key` with placeholders standing for `values`, compiles the queryset, notes where each
placeholder landed among the SQL parameters, and from then on runs that SQL with the call's
values in those places. The key must name everything else the SQL depends on (roles, which
filters are present, page size, database).

A shape whose placeholders do not reach the parameters verbatim (a value the ORM rewrites, as
`icontains` does, or a database adapter that converts datetimes to text) is not cached: it is
built and run through the ORM on every call, so a result never depends on the cache.
"""

import datetime as dt
import itertools
from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock

from django.db import connections
from django.db.models import QuerySet

MAX_SHAPES = 512
_EPOCH = dt.datetime(1901, 1, 1, tzinfo=dt.UTC)
_UNCACHEABLE = object()


def _placeholder(value, n: int):
    """A value of the same type as `value` that no real request can carry."""
    if isinstance(value, bool):
        raise TypeError("a boolean changes a query's shape: it belongs in the key")
    if isinstance(value, int):
        return -(2**62) - n
    if isinstance(value, str):
        return f"\x1fplaceholder {n}\x1f"
    if isinstance(value, dt.datetime):
        return _EPOCH + dt.timedelta(microseconds=n)
    raise TypeError(f"no placeholder for {type(value).__name__}")


class _Prepared:
    """One compiled shape: SQL, its parameters, where the values go, the row keys."""

    def __init__(self, queryset: QuerySet, placeholders: dict):
        compiler = queryset.query.get_compiler(queryset.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.alias = queryset.db
        where = {(type(p), p): name for name, p in placeholders.items()}
        self.slots = [
            (i, where[(type(p), p)]) for i, p in enumerate(self.params) if (type(p), p) in where
        ]
        query = queryset.query
        # As ValuesIterable names a row's columns.
        self.names = list(query.selected or []) or [
            *query.extra_select,
            *query.values_select,
            *query.annotation_select,
        ]
        # The backend's converters of column values (SQLite's datetimes, for one).
        self.converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )
        self.complete = {name for _, name in self.slots} == set(placeholders)

    def run(self, values: dict) -> list[dict]:
        params = self.params.copy()
        for i, name in self.slots:
            params[i] = values[name]
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = [self._converted(list(row), connection) for row in rows]
        names = self.names
        # Columns past the names (ordering helpers) are not part of a row, as in Django.
        return [dict(zip(names, row, strict=False)) for row in rows]

    def _converted(self, row: list, connection) -> list:
        """SQLCompiler.apply_converters for one row, on this thread's connection."""
        for position, (converters, expression) in self.converters.items():
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        return row


_shapes: OrderedDict[Hashable, object] = OrderedDict()
_lock = Lock()


def prepared_rows(key: Hashable, build: Callable[[dict], QuerySet], values: dict) -> list[dict]:
    """The rows of the values() queryset `build(values)`, compiled once per `key`.

    `build` receives a dict with the same keys as `values` and must use only those for
    everything that varies within one key.
    """
    with _lock:
        shape = _shapes.get(key)
        if shape is not None:
            _shapes.move_to_end(key)
    if shape is None:
        counter = itertools.count(1)
        try:
            placeholders = {
                name: _placeholder(value, next(counter)) for name, value in values.items()
            }
        except TypeError:
            shape = _UNCACHEABLE
        else:
            prepared = _Prepared(build(placeholders), placeholders)
            shape = prepared if prepared.complete else _UNCACHEABLE
        with _lock:
            _shapes[key] = shape
            if len(_shapes) > MAX_SHAPES:
                _shapes.popitem(last=False)
    if shape is _UNCACHEABLE:
        return list(build(values))
    return shape.run(values)
