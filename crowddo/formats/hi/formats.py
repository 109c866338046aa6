"""Hindi number and date formats, over Django's own (django/conf/locale/hi/formats.py).

Django's Hindi formats group no digits and define no date-time format; Indian usage groups
thousands, then lakhs and crores by two digits: 12,34,567. Date-times follow the site's one
style (crowddo/formats/en/formats.py) with Hindi month names.
"""

NUMBER_GROUPING = (3, 2, 0)  # 1,234 · 12,34,567
THOUSAND_SEPARATOR = ","
DATETIME_FORMAT = "j F Y, H:i e"
SHORT_DATETIME_FORMAT = "j M Y, H:i e"
