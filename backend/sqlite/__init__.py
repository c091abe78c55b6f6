"""SQLite with the statement limits of the SQLite actually linked (see base.py)."""
