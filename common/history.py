"""simple-history rows for changes made by one UPDATE instead of one save() per row."""

import datetime as dt

from django.db import connection


def history_record_rows(
    model, ids: list[int], *, user_id: int | None, reason: str, when: dt.datetime
):
    """Record the current state of rows `ids` of `model` as changes ("~") by `user_id`.

    One INSERT ... SELECT, whatever the number of rows: what simple-history's post_save would
    write for each (every tracked column, the date, the reason and the user).
    """
    if not ids:
        return
    history = model.history.model
    columns = ", ".join(f'"{field.column}"' for field in history.tracked_fields)
    pk = model._meta.pk.column
    sql = (
        f'INSERT INTO "{history._meta.db_table}" ({columns}, "history_date", '
        '"history_change_reason", "history_type", "history_user_id") '
        f"SELECT {columns}, %s, %s, '~', %s FROM \"{model._meta.db_table}\" "
        f'WHERE "{pk}" IN ({", ".join(["%s"] * len(ids))}) ORDER BY "{pk}"'
    )
    moment = connection.ops.adapt_datetimefield_value(when)
    with connection.cursor() as cursor:
        cursor.execute(sql, [moment, reason[:100], user_id, *ids])
