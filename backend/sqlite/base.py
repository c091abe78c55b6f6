"""Django's SQLite backend, batching bulk inserts by the linked SQLite's real variable limit.

Django assumes SQLite's pre-3.32 default of 999 variables per statement, so a bulk insert of
1,000 notifications became a dozen statements; SQLite 3.32 and later default to 32,766. The
limit is read from each new connection, so an SQLite built with a lower one is still obeyed.
"""

import sqlite3

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self.features.max_query_params = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return connection
