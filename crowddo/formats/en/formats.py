"""English date formats for the whole site (FORMAT_MODULE_PATH): one style, day first.

Templates name a format ("DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT"), never spell
one out, so every page and e-mail shows dates alike and other languages use their own.
"""

DATE_FORMAT = "j F Y"  # 2 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 2 Dec 2026
DATETIME_FORMAT = "j F Y, H:i e"  # 2 December 2026, 18:05 UTC
SHORT_DATETIME_FORMAT = "j M Y, H:i e"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
