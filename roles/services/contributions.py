"""Contributions: logging work on a claim, with its reports against the collective's shared
indicators, written in the same transaction (a refused report leaves no contribution behind).

An indicator applies to a contribution when it is active, belongs to the collective of the
contribution's initiative, and lists no region or the contribution's region or one of its
ancestors (`roles.selectors.indicators.applies`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from crowddo.errors import Invalid
from initiatives.models import Indicator, Initiative, Region
from people.models import User
from roles import limits
from roles.models import Claim, Contribution, IndicatorValue
from roles.selectors.indicators import applies
from roles.services import evidence
from roles.services.common import check_note, own_claim_for_update, send_progress
from roles.services.plausibility import hold_if_far_above

KEY_MAX = IndicatorValue._meta.get_field("key").max_length
_LINK = URLValidator(schemes=["https", "http"])


def checked_evidence(url: str) -> str:
    """A link to evidence of the work: http(s) only, within `limits.EVIDENCE_URL_MAX`."""
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > limits.EVIDENCE_URL_MAX:
        raise Invalid(gettext("The evidence link may have at most %(n)s characters.")
                      % {"n": limits.EVIDENCE_URL_MAX})
    try:
        _LINK(url)
    except ValidationError:
        raise Invalid(gettext("The evidence link must be a web address starting with https:// "
                      "(a photo, a document or a post that shows the work).")) from None
    return url


def check_figures(hours: Decimal, count: int) -> None:
    """Hours and micro-improvements of one contribution, within `limits`."""
    if not hours.is_finite() or not Decimal("0") < hours <= limits.HOURS_PER_CONTRIBUTION:
        raise Invalid(limits.HOURS_OUT_OF_RANGE)
    if not 0 <= count <= limits.MAX_MICRO_IMPROVEMENTS:
        raise Invalid(limits.MICRO_IMPROVEMENTS_OUT_OF_RANGE)


def _check_date(claim: Claim, date: dt.date) -> None:
    today = timezone.localdate()
    if date > today:
        raise Invalid(gettext("The date is in the future: log work once it is done."))
    oldest = today - dt.timedelta(limits.OLDEST_CONTRIBUTION_DAYS)
    if date < claim.claimed_at.date() or date < oldest:
        raise Invalid(gettext("The date is before you claimed this role."))


def _check_not_after_close(initiative: Initiative, date: dt.date) -> None:
    """A closed initiative's totals were announced with its outcome: late work done before the
    close may still be logged, work dated after it may not."""
    if initiative.status == Initiative.Status.CLOSED and initiative.closed_at:
        closed_on = timezone.localdate(initiative.closed_at)
        if date > closed_on:
            raise Invalid(gettext("This initiative closed on %(day)s: only work done before it "
                                  "closed can be logged.")
                          % {"day": date_format(closed_on, "d F Y")})


@transaction.atomic
def contribution_log(
    *, claim: Claim, volunteer: User, date: dt.date, hours: Decimal,
    micro_improvements: int = 0, region=None, note: str = "", indicators=(),
    evidence_url: str = "", evidence_image=None,
) -> Contribution:
    """Record progress on a claim the volunteer holds (or has just completed), with its
    reports against the collective's indicators ([{"indicator": slug, "value", "key"}]).

    It waits for a peer (SUBMITTED) — or, when a value is far above the usual, is held for an
    orchestrator's review (HELD, with the reason in `held_reason`); see `plausibility`."""
    check_note(note)
    evidence_url = checked_evidence(evidence_url)
    picture = evidence.checked_picture(evidence_image)
    claim = own_claim_for_update(claim, volunteer, Claim.Status.ACTIVE, Claim.Status.COMPLETED)
    hours = Decimal(str(hours))
    _check_date(claim, date)
    check_figures(hours, micro_improvements)
    _check_not_after_close(claim.role.initiative, date)
    contribution = Contribution.objects.create(
        organization_id=claim.organization_id, claim=claim, date=date, hours=hours,
        micro_improvements=micro_improvements, region=region or claim.role.region, note=note,
        evidence_url=evidence_url,
    )
    reports = indicator_reports_write(contribution=contribution, reports=indicators)
    hold_if_far_above(contribution, reports)
    evidence.attach_picture(contribution, picture)
    claim.last_activity_at = timezone.now()
    claim.reminded_at = None
    claim.save(update_fields=["last_activity_at", "reminded_at"])
    send_progress(claim.role)
    return contribution


# --- Reports against the collective's indicators --------------------------------------------


def _chain_of(region: Region | None) -> set[int]:
    chain, node = set(), region
    while node is not None:  # at most country → state → district
        chain.add(node.pk)
        node = node.parent
    return chain


def _value(raw, indicator: Indicator) -> Decimal:
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError, TypeError):
        raise Invalid(gettext("“%(name)s” needs a number.") % {"name": indicator.name}) from None
    if not value.is_finite() or value < 0:
        raise Invalid(gettext("“%(name)s” cannot be negative.") % {"name": indicator.name})
    if value > limits.INDICATOR_VALUE_MAX or value != value.quantize(Decimal("0.01")):
        raise Invalid(gettext("“%(name)s” takes a number below one trillion with at most two "
                              "decimals.") % {"name": indicator.name})
    bound = indicator.max_per_report
    if bound is not None and value > bound:
        raise Invalid(gettext("“%(name)s” takes at most %(bound)s %(unit)s in one report (the "
                              "collective's limit per report); log larger work in several "
                              "reports or ask an orchestrator.")
                      % {"name": indicator.name, "bound": f"{bound.normalize():,f}",
                         "unit": indicator.unit})
    return value


def _keys(raw, indicator: Indicator) -> list[str]:
    lines = raw if isinstance(raw, list | tuple) else str(raw or "").splitlines()
    keys, seen = [], set()
    for line in lines:
        key = str(line).strip()
        if not key or key.casefold() in seen:
            continue
        if len(key) > KEY_MAX or "\x00" in key:
            raise Invalid(gettext("Each thing named for “%(name)s” may have at most %(n)s "
                                  "characters.") % {"name": indicator.name, "n": KEY_MAX})
        seen.add(key.casefold())
        keys.append(key)
    if not keys:
        raise Invalid(gettext("“%(name)s” counts distinct things: name at least one.")
                      % {"name": indicator.name})
    if len(keys) > limits.INDICATOR_KEYS_MAX:
        raise Invalid(gettext("Name at most %(n)s things for “%(name)s” at once.")
                      % {"n": limits.INDICATOR_KEYS_MAX, "name": indicator.name})
    return keys


def _rows(contribution: Contribution, indicator: Indicator, report: dict) -> list:
    common = {"organization_id": contribution.organization_id, "contribution": contribution,
              "indicator": indicator}
    if indicator.aggregation == Indicator.Aggregation.DISTINCT:
        raw = report.get("key") if report.get("key") not in (None, "") else report.get("keys")
        return [IndicatorValue(**common, key=k, value=1) for k in _keys(raw, indicator)]
    if report.get("value") in (None, ""):
        raise Invalid(gettext("“%(name)s” needs a number.") % {"name": indicator.name})
    return [IndicatorValue(**common, value=_value(report["value"], indicator))]


def indicator_reports_write(*, contribution: Contribution,
                            reports: Iterable[dict]) -> list[IndicatorValue]:
    """Validate and store a contribution's reports: [{"indicator": slug, "value": …, "key": …}].

    Runs inside the caller's transaction. Refuses an indicator that is unknown in the
    collective, retired, or does not apply in the contribution's region, and one reported twice.
    """
    reports = list(reports)
    if not reports:
        return []
    collective_id = contribution.claim.role.initiative.collective_id
    slugs = [str(r.get("indicator", "")) for r in reports]
    if len(set(slugs)) != len(slugs):
        raise Invalid(gettext("Report each indicator once (several things for one indicator: "
                      "one per line)."))
    known = {i.slug: i for i in Indicator.objects.filter(collective_id=collective_id,
                                                         slug__in=slugs)
             .prefetch_related("regions")} if collective_id else {}
    chain = _chain_of(contribution.region)
    rows = []
    for slug, report in zip(slugs, reports, strict=True):
        indicator = known.get(slug)
        if indicator is None:
            raise Invalid(gettext("“%(slug)s” is not an indicator of this initiative's collective; "
                                  "see the collective's indicators page for the defined ones.")
                          % {"slug": slug})
        if not indicator.is_active:
            raise Invalid(gettext("“%(name)s” is retired and takes no new reports.")
                          % {"name": indicator.name})
        if not applies(indicator, chain):
            raise Invalid(gettext("“%(name)s” does not apply in %(where)s.") % {
                "name": indicator.name,
                "where": contribution.region or gettext("a contribution without a region")})
        rows += _rows(contribution, indicator, report)
    return IndicatorValue.objects.bulk_create(rows)
