"""The admin site: a home that says what needs doing, and models grouped by task.

`WorkbenchSite` replaces Django's default site (`dashboards.apps.WorkbenchAdminConfig` in
INSTALLED_APPS). Its index shows, per organization the person manages and per collective it
coordinates, counts of what needs attention, each linking to the filtered changelist (oldest
first), then the figures an orchestrator checks. Every count takes its rule from where it is
defined once: the changelists' "needs attention" rules (`TenantAdmin.needs`, which call
`roles.selectors.attention`), `governance.selectors.overdue_statuses` and the figures in
`roles.selectors.attention`. One query per count whatever the number of organizations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import CommitmentStatus
from governance.selectors import overdue_statuses
from initiatives.models import Collective, CollectiveMembership
from people import access
from people.models import Invitation, Organization
from roles.models import Claim, Contribution, InitiativeProposal, Proposal, Role
from roles.selectors import attention

# Models grouped by task, with plain names; anything not listed goes to "Site settings".
GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (_("Initiatives and roles"), [
        ("initiatives.Initiative", _("Initiatives")),
        ("roles.Role", _("Roles")),
        ("roles.Claim", _("Claims (who holds a seat)")),
        ("roles.WaitlistEntry", _("Waitlists")),
        ("roles.Proposal", _("Role proposals")),
        ("roles.InitiativeProposal", _("Initiative proposals")),
        ("roles.Contribution", _("Reported work")),
        ("roles.Verification", _("Verifications")),
    ]),
    (_("People"), [
        ("people.Membership", _("People of your organization")),
        ("people.Invitation", _("Invitations")),
        ("people.Organization", _("Organization profile")),
        ("people.User", _("Accounts")),
    ]),
    (_("Collective"), [
        ("initiatives.Collective", _("Collectives")),
        ("initiatives.CollectiveMembership", _("Member organizations")),
        ("governance.Charter", _("Charters")),
        ("governance.CharterAcceptance", _("Charter sign-offs")),
        ("governance.Commitment", _("Commitments")),
        ("governance.CommitmentStatus", _("Where members stand on commitments")),
        ("initiatives.Indicator", _("Shared indicators")),
        ("governance.Theme", _("Themes")),
        ("governance.CoveragePiece", _("Coverage map pieces")),
        ("governance.CoverageClaim", _("Coverage taken by members")),
        ("governance.Story", _("Stories")),
    ]),
    (_("Partners"), [
        ("people.ApiKey", _("API keys")),
        ("webhooks.WebhookEndpoint", _("Webhook endpoints")),
        ("webhooks.WebhookDelivery", _("Webhook deliveries")),
    ]),
    (_("Records"), [
        ("initiatives.Decision", _("Decisions")),
        ("initiatives.Resource", _("Resources")),
        ("people.AuditEvent", _("Audit log")),
        ("dashboards.InitiativeProgress", _("Progress figures")),
    ]),
    (_("Reference data"), [
        ("initiatives.Region", _("Regions")),
        ("initiatives.Sdg", _("Sustainable Development Goals")),
        ("people.Skill", _("Skills")),
    ]),
]
OTHER_GROUP = _("Site settings")


@dataclass
class Count_:
    label: str
    count: int
    url: str


@dataclass
class Panel:
    title: str
    kind: str  # "organization" or "collective"
    attention: list[Count_] = field(default_factory=list)
    figures: list[Count_] = field(default_factory=list)

    @property
    def needs_attention(self) -> int:
        return sum(item.count for item in self.attention)


def _changelist(model, **params) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _by(rows, key: str = "organization_id", counted: str = "pk") -> dict[int, int]:
    """{organization id: count} in one query."""
    return {row[key]: row["n"] for row in rows.order_by().values(key).annotate(
        n=Count(counted, distinct=True))}


class WorkbenchSite(admin.AdminSite):
    site_header = _("CrowdDo workbench")
    site_title = _("CrowdDo workbench")
    index_title = _("What needs doing")

    # --- models grouped by task ------------------------------------------------------------
    def get_app_list(self, request, app_label=None):
        if app_label is not None:  # an app's own page keeps Django's list
            return super().get_app_list(request, app_label)
        models = {}
        for app in self._build_app_dict(request).values():
            for entry in app["models"]:
                models[f"{app['app_label']}.{entry['object_name']}"] = entry
        groups = []
        for title, members in GROUPS:
            entries = [{**models.pop(label), "name": name}
                       for label, name in members if label in models]
            groups.append((title, entries))
        groups.append((OTHER_GROUP, sorted(models.values(), key=lambda m: str(m["name"]))))
        return [{"name": title, "app_label": f"group-{i}", "app_url": "",
                 "has_module_perms": True, "models": entries}
                for i, (title, entries) in enumerate(groups) if entries]

    # --- the home --------------------------------------------------------------------------
    def index(self, request, extra_context=None):
        context = {"workbench": workbench(self, request.user), **(extra_context or {})}
        return super().index(request, context)


def _need(site, model, code: str):
    """The rule the model's changelist filters by (`TenantAdmin.needs`): one definition."""
    return site._registry[model].needs[code].rows


def workbench(site, user) -> list[Panel]:
    """One panel per managed organization, then one per coordinated collective."""
    org_ids = access.managed_org_ids(user)
    if not org_ids:
        return []
    owned = access.owned_org_ids(user)
    now = timezone.now()
    orgs = list(Organization.objects.filter(pk__in=org_ids).order_by("name"))
    claims = Claim.objects.filter(organization_id__in=org_ids)
    work = Contribution.objects.filter(organization_id__in=org_ids)
    counts = {
        "pending": _by(_need(site, Proposal, "pending")(
            Proposal.objects.filter(organization_id__in=org_ids))),
        "pending_initiatives": _by(_need(site, InitiativeProposal, "pending")(
            InitiativeProposal.objects.filter(organization_id__in=org_ids))),
        "stale": _by(_need(site, Claim, "stale")(claims)),
        "expired": _by(_need(site, Claim, "expired")(claims)),
        "waiting": _by(_need(site, Contribution, "waiting")(work)),
        "held": _by(_need(site, Contribution, "held")(work)),
        "full_waitlist": _by(_need(site, Role, "full_waitlist")(
            Role.objects.filter(organization_id__in=org_ids))),
        "term_ending": _by(_need(site, Claim, "term_ending")(claims)),
        "overdue": _by(overdue_statuses(CommitmentStatus.objects.filter(
            organization_id__in=org_ids))),
        "invited_people": _by(_need(site, Invitation, "unanswered")(
            Invitation.objects.filter(organization_id__in=owned))),
        "invited_to_collectives": _by(_need(site, CollectiveMembership, "unanswered")(
            CollectiveMembership.objects.filter(organization_id__in=org_ids))),
    }
    month_start = timezone.localdate().replace(day=1)
    open_seats = {row["organization_id"]: row["free"] for row in (
        Role.objects.filter(organization_id__in=org_ids).taking_claims().with_seats()
        .filter(seats_free__gt=0).order_by().values("organization_id")
        .annotate(free=Sum("seats_free")))}
    active = _by(attention.active_volunteers(work, month_start).values(
        "organization_id", "claim__volunteer_id"), counted="claim__volunteer_id")
    verified = _by(attention.verified_since(work, now - dt.timedelta(days=7)))

    panels = []
    for org in orgs:
        o = org.pk
        items = [
            (_("Proposals waiting for a decision"), "pending", Proposal, "pending"),
            (_("Initiative proposals waiting for a decision"), "pending_initiatives",
             InitiativeProposal, "pending"),
            (_("Stale claims (past the warning point)"), "stale", Claim, "stale"),
            (_("Claims expired this week"), "expired", Claim, "expired"),
            (_("Work waiting for a peer for more than a week"), "waiting", Contribution,
             "waiting"),
            (_("Reports held for review"), "held", Contribution, "held"),
            (_("Full roles with a waitlist"), "full_waitlist", Role, "full_waitlist"),
            (_("Terms ending within two weeks"), "term_ending", Claim, "term_ending"),
        ]
        panel = Panel(title=org.name, kind="organization")
        for label, key, model, code in items:
            panel.attention.append(Count_(label, counts[key].get(o, 0), _changelist(
                model, needs=code, organization__exact=o)))
        panel.attention.append(Count_(
            _("Overdue commitments"), counts["overdue"].get(o, 0),
            _changelist(CommitmentStatus, state__exact=CommitmentStatus.State.OVERDUE,
                        organization__exact=o)))
        if o in owned:
            panel.attention.append(Count_(
                _("Invitations to people not answered yet"), counts["invited_people"].get(o, 0),
                _changelist(Invitation, needs="unanswered", organization__exact=o)))
        panel.attention.append(Count_(
            _("Invitations to collectives to answer"),
            counts["invited_to_collectives"].get(o, 0),
            _changelist(CollectiveMembership, needs="unanswered", organization__exact=o)))
        panel.figures = [
            Count_(_("Open seats"), open_seats.get(o, 0) or 0,
                   _changelist(Role, status__exact=Role.Status.OPEN, organization__exact=o)),
            Count_(_("Volunteers active this month"), active.get(o, 0),
                   _changelist(Contribution, organization__exact=o,
                               date__gte=month_start.isoformat())),
            Count_(_("Contributions verified this week"), verified.get(o, 0),
                   _changelist(Contribution, status__exact=Contribution.Status.VERIFIED,
                               organization__exact=o)),
        ]
        panels.append(panel)
    panels.extend(_collective_panels(site, org_ids))
    return panels


def _collective_panels(site, org_ids) -> list[Panel]:
    collectives = list(Collective.objects.filter(coordinator_id__in=org_ids).order_by("name"))
    if not collectives:
        return []
    ids = [c.pk for c in collectives]
    invited = _by(_need(site, CollectiveMembership, "unanswered")(
        CollectiveMembership.objects.filter(collective_id__in=ids)), key="collective_id")
    members = _by(CollectiveMembership.objects.filter(
        collective_id__in=ids, status=CollectiveMembership.Status.ACTIVE), key="collective_id")
    overdue = _by(overdue_statuses(CommitmentStatus.objects.filter(
        commitment__collective_id__in=ids)), key="commitment__collective_id")
    panels = []
    for c in collectives:
        panels.append(Panel(title=c.name, kind="collective", attention=[
            Count_(_("Overdue commitments of members"), overdue.get(c.pk, 0),
                   _changelist(CommitmentStatus, state__exact=CommitmentStatus.State.OVERDUE,
                               commitment__in=",".join(str(pk) for pk in c.commitments.values_list(
                                   "pk", flat=True)) or "0")),
            Count_(_("Invitations not answered yet"), invited.get(c.pk, 0),
                   _changelist(CollectiveMembership, needs="unanswered",
                               collective__exact=c.pk)),
        ], figures=[
            Count_(_("Member organizations"), members.get(c.pk, 0),
                   _changelist(CollectiveMembership, collective__exact=c.pk,
                               status__exact=CollectiveMembership.Status.ACTIVE)),
        ]))
    return panels
