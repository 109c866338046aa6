"""Hindi number and date formats, over Django's own (django/conf/locale/hi/formats.py).

Django's Hindi formats group no digits, write short dates as "02-12-2026" and times as
"6:05 बजे" (the same word for a.m. and p.m.) and define no date-time format. Hindi as CLDR and
India's own software write it: thousands, then lakhs and crores grouped by two digits
(12,34,567); dates day first with the month's name or its abbreviation (2 दिसंबर 2026,
2 दिस॰ 2026), the 24-hour clock, the same shapes as the site's English style
(crowddo/formats/en/formats.py). The month names themselves (Django's Hindi catalogue misspells
three and abbreviates unlike CLDR) are corrected in locale_django/hi.
"""

NUMBER_GROUPING = (3, 2, 0)  # 1,234 · 12,34,567
THOUSAND_SEPARATOR = ","
DATE_FORMAT = "j F Y"  # 2 दिसंबर 2026
SHORT_DATE_FORMAT = "j M Y"  # 2 दिस॰ 2026
TIME_FORMAT = "H:i"  # 18:05
DATETIME_FORMAT = "j F Y, H:i e"  # 2 दिसंबर 2026, 18:05 UTC
SHORT_DATETIME_FORMAT = "j M Y, H:i e"  # 2 दिस॰ 2026, 18:05 UTC
MONTH_DAY_FORMAT = "j F"  # 2 दिसंबर
YEAR_MONTH_FORMAT = "F Y"  # दिसंबर 2026
