"""Times as people read them in messages."""

import datetime as dt


def format_moment(moment: dt.datetime) -> str:
    """A time as people read it in an error message: "31 July 2026 at 23:59 UTC"."""
    moment = moment.astimezone(dt.UTC)
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M} UTC"
