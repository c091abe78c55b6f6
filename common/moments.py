"""Times as people read them in messages, in the active language and always in UTC."""

import datetime as dt

from django.utils.formats import date_format, time_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _


def format_moment(moment: dt.datetime) -> str:
    """A time as people read it in an error message: "31 July 2026 at 23:59 UTC"."""
    moment = moment.astimezone(dt.UTC)
    return _("%(date)s at %(time)s UTC") % {
        "date": date_format(moment, "DATE_FORMAT"),
        "time": time_format(moment, "H:i"),
    }


#: format_moment, evaluated when the text is read (a notification built for many readers).
lazy_moment = lazy(format_moment, str)
