"""The bounds of the volunteer side, each defined once.

Model fields and database constraints, forms, API serializers, services and the messages
people read all take these values from here; a message is formatted from the constant, never
retyped. (Rules — who may do what, when a seat is free — live with the services and queryset
methods; this module only holds numbers.)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, ngettext

# --- Contributions -----------------------------------------------------------------------
HOURS_PER_CONTRIBUTION = Decimal("24")  # one contribution reports one day's work
HOURS_STEP = Decimal("0.25")  # the forms' granularity (and smallest value they accept)
# per contribution: a setting (MAX_MICRO_IMPROVEMENTS, default 500), read once at start
MAX_MICRO_IMPROVEMENTS: int = settings.MAX_MICRO_IMPROVEMENTS
EVIDENCE_URL_MAX = 500  # a contribution's evidence link
# Held for review (roles.services.plausibility): a value more than OUTLIER_FACTOR times the
# OUTLIER_PERCENTILE of the initiative's verified reports, once there are OUTLIER_MIN_REPORTS.
OUTLIER_FACTOR = 10
OUTLIER_PERCENTILE = 95
OUTLIER_MIN_REPORTS = 20
OLDEST_CONTRIBUTION_DAYS = 366  # work older than this cannot be logged any more
INDICATOR_VALUE_MAX = Decimal("999999999999.99")  # IndicatorValue.value: 14 digits, 2 decimals
INDICATOR_KEYS_MAX = 50  # things one contribution may name for one "count of distinct" indicator

# --- Free text ---------------------------------------------------------------------------
NOTE_MAX = 4000  # notes, hand-off notes, comments, descriptions, reasons
ASK_MAX = 300  # the hand-off's "whom to ask"
TITLE_MAX = 160  # a role's title (supporting roles' titles too)

# --- Roles -------------------------------------------------------------------------------
ROLE_HOURS_MAX = 40  # hours a week one role may ask for
SEATS_MAX = 1000  # regular (and apprentice) seats of one role, as the API and forms take them
MAX_STALE_DAYS = 365  # days without a contribution before an active claim expires, at most
MAX_SUPPORTING_ROLES = 5  # per accepted proposal
SUPPORTING_TITLES_CHARS = 1000  # the accept form's box: their titles, one per line

# --- Seat offers -------------------------------------------------------------------------
OFFER_HOLD = dt.timedelta(hours=48)  # a freed seat is held this long for the person offered it
PROPOSER_OFFER_HOLD = dt.timedelta(days=7)  # the lead role's first seat, for its proposer


def thousands(n: int) -> str:
    """4000 → "4,000", as the messages write numbers."""
    return f"{n:,}"


def duration(hold: dt.timedelta) -> str:
    """A hold as people say it: "48 hours", "7 days" (whole days when it is some)."""
    hours = int(hold.total_seconds()) // 3600
    if hours % 24 == 0 and hours >= 72:
        days = hours // 24
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
    return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}


NOTE_TOO_LONG = format_lazy(gettext_lazy("at most {n} characters"), n=thousands(NOTE_MAX))
HANDOFF_TOO_LONG = format_lazy(gettext_lazy("The hand-off notes may have at most {n} characters "
                                            "each ({ask} for whom to ask)."),
                               n=thousands(NOTE_MAX), ask=ASK_MAX)
HOURS_OUT_OF_RANGE = format_lazy(
    gettext_lazy("Hours must be more than 0 and at most {n} for one day."),
    n=HOURS_PER_CONTRIBUTION)
MICRO_IMPROVEMENTS_OUT_OF_RANGE = format_lazy(
    gettext_lazy("One contribution may report at most {n} micro-improvements (the site's limit "
                 "per report); log larger work day by day."),
    n=thousands(MAX_MICRO_IMPROVEMENTS))

# --- The orchestrator's workbench (admin home; roles.selectors.attention) --------------------
STALE_WARNING_FRACTION = 0.75  # of a role's stale_after_days: the holder is reminded, the
# claim shows as "stale" in the admin
RECENTLY_EXPIRED = dt.timedelta(days=7)  # expired claims listed on the admin home this long
PEER_WAIT_TOO_LONG = dt.timedelta(days=7)  # work waiting for a peer longer than this
TERM_ENDING_WITHIN = dt.timedelta(days=14)  # terms ending this soon
