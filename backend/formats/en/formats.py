"""English date formats as Concord has always written them (day first, 24-hour clock)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "d M Y, H:i"
TIME_FORMAT = "H:i"
