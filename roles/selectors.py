"""Reads of the volunteer side, always through the access policy, with flat query counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.access import open_data_q
from initiatives.models import Initiative, Region
from people import access
from people.models import User
from roles.models import Capability, Claim, Contribution, Proposal, Role, WaitlistEntry

SORTS = {
    "newest": ("-created_at", "-id"),
    "hours": ("hours_per_week", "-created_at", "-id"),
    "seats": ("-seats_open", "-created_at", "-id"),
}


def with_open_seats(qs: QuerySet[Role]) -> QuerySet[Role]:
    """`with_seats()` plus seats held for waitlisted people: `seats_open` is what can be claimed.

    The offer count is a subquery, not a join, so it does not multiply the claim count.
    """
    offers = (
        WaitlistEntry.objects.filter(
            role=OuterRef("pk"), status=WaitlistEntry.Status.OFFERED,
            offer_expires_at__gt=timezone.now(),
        ).order_by().values("role").annotate(n=Count("pk")).values("n")
    )
    return qs.with_seats().annotate(
        seats_offered=Coalesce(Subquery(offers, output_field=IntegerField()), Value(0))
    ).annotate(seats_open=F("seats_left") - F("seats_offered"))


def open_roles(actor) -> QuerySet[Role]:
    """Open roles of active initiatives the actor may see, ready for cards."""
    qs = Role.objects.all().visible_to(actor).filter(
        status=Role.Status.OPEN, initiative__status=Initiative.Status.ACTIVE
    )
    return with_open_seats(qs).select_related("initiative__organization", "region")


def _region_ids(region: Region) -> list[int]:
    """The region and everything under it (three levels at most: country → state → district)."""
    ids = [region.pk]
    children = list(Region.objects.filter(parent=region).values_list("pk", flat=True))
    grandchildren = Region.objects.filter(parent_id__in=children).values_list("pk", flat=True)
    return ids + children + list(grandchildren)


def filter_roles(qs: QuerySet[Role], data: dict) -> QuerySet[Role]:
    """Apply cleaned filter values; Exists() keeps M2M filters from duplicating rows."""
    if data.get("q"):
        q = data["q"]
        qs = qs.filter(Q(title__icontains=q) | Q(responsibility__icontains=q)
                       | Q(initiative__name__icontains=q))
    if data.get("sdg"):
        qs = qs.filter(Exists(Initiative.sdgs.through.objects.filter(
            initiative_id=OuterRef("initiative_id"), sdg_id=data["sdg"].pk)))
    if data.get("skill"):
        qs = qs.filter(Exists(Role.skills.through.objects.filter(
            role_id=OuterRef("pk"), skill_id=data["skill"].pk)))
    if data.get("capability"):
        qs = qs.filter(capability=data["capability"])
    if data.get("max_hours"):
        qs = qs.filter(hours_per_week__lte=data["max_hours"])
    where = Q()
    if data.get("region"):
        where |= Q(region_id__in=_region_ids(data["region"]))
    if data.get("remote"):
        where |= Q(is_remote=True)
    if where:
        qs = qs.filter(where)
    if data.get("organization"):
        qs = qs.filter(organization=data["organization"])
    if data.get("collective"):
        qs = qs.filter(initiative__collective=data["collective"])
    return qs.order_by(*SORTS.get(data.get("sort") or "newest", SORTS["newest"]))


def role_for(actor, pk) -> Role:
    """One role the actor may see (any status), with what its page needs; 404 otherwise."""
    qs = with_open_seats(Role.objects.all().visible_to(actor)).select_related(
        "initiative__organization", "initiative__progress", "region", "coordinator"
    ).prefetch_related("skills")
    return access.get_or_404(qs, pk=pk)


@dataclass
class Standing:
    """Where the viewer stands with one role."""

    claim: Claim | None = None
    waitlist: WaitlistEntry | None = None


def standing(user, role: Role) -> Standing:
    if not getattr(user, "is_authenticated", False):
        return Standing()
    claim = Claim.objects.filter(role=role, volunteer=user, status=Claim.Status.ACTIVE).first()
    entry = WaitlistEntry.objects.filter(
        role=role, volunteer=user, status__in=[WaitlistEntry.Status.WAITING,
                                               WaitlistEntry.Status.OFFERED],
    ).first()
    return Standing(claim=claim, waitlist=entry)


# --- /me/ ----------------------------------------------------------------------------------


def _with_logged_work(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    return qs.annotate(
        logged_hours=Coalesce(Sum("contributions__hours"), Value(Decimal(0)),
                              output_field=DecimalField(max_digits=9, decimal_places=2)),
        logged_count=Coalesce(Sum("contributions__micro_improvements"), Value(0)),
    )


def my_claims(user: User) -> QuerySet[Claim]:
    """The volunteer's claims with their totals (and mentor), one query however many."""
    return _with_logged_work(
        Claim.objects.filter(volunteer=user)
        .exclude(status__in=[Claim.Status.RELEASED, Claim.Status.EXPIRED])
        .select_related("role__initiative__organization", "role__region", "mentor")
    ).order_by("status", "-claimed_at", "-id")


def my_apprentices(user: User) -> QuerySet[Claim]:
    """Apprenticeships the user mentors, still learning or done and waiting for a check:
    one query. A mentor sees their apprentice wherever the mentor works now."""
    return _with_logged_work(
        Claim.objects.filter(mentor=user, kind=Claim.Kind.APPRENTICE,
                             status__in=[Claim.Status.ACTIVE, Claim.Status.COMPLETED])
        .select_related("role__initiative", "volunteer")
    ).order_by("status", "claimed_at", "id")


def my_waitlist(user: User) -> QuerySet[WaitlistEntry]:
    return WaitlistEntry.objects.filter(
        volunteer=user, status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]
    ).select_related("role__initiative").order_by("status", "created_at")


def my_proposals(user: User) -> QuerySet[Proposal]:
    """The author's proposals with what became of them, one query: roles created from each,
    seats held in them now, and their claims completed and verified."""
    def count(qs):
        return Coalesce(Subquery(qs.order_by().values("role__from_proposal")
                                 .annotate(n=Count("pk")).values("n")[:1],
                                 output_field=IntegerField()), Value(0))

    claims = Claim.objects.filter(role__from_proposal=OuterRef("pk"))
    roles = (Role.objects.filter(from_proposal=OuterRef("pk")).order_by()
             .values("from_proposal").annotate(n=Count("pk")).values("n")[:1])
    return Proposal.objects.filter(author=user).select_related(
        "initiative", "resulting_role"
    ).annotate(
        roles_created=Coalesce(Subquery(roles, output_field=IntegerField()), Value(0)),
        seats_claimed=count(claims.filter(status=Claim.Status.ACTIVE)),
        claims_done=count(claims.filter(status__in=[Claim.Status.COMPLETED,
                                                    Claim.Status.VERIFIED])),
        claims_verified=count(claims.filter(status=Claim.Status.VERIFIED)),
    ).order_by("-created_at")[:20]


def _peer_scope(user: User) -> Q:
    """Claims the user may verify: in initiatives they work in, organizations they manage, or
    of their apprentices (a mentor checks their apprentice's work wherever they are now)."""
    mine = Claim.objects.filter(volunteer=user).exclude(
        status__in=[Claim.Status.RELEASED, Claim.Status.EXPIRED]
    ).values("role__initiative_id")
    # A mentor keeps their apprentices' work wherever they are now, unless the role is private
    # and they have left its organization (the same rule as services.can_verify).
    mentor = Q(mentor=user) & (
        (open_data_q("role__initiative__") & ~Q(role__status="draft"))
        | Q(organization_id__in=access.member_org_ids(user)))
    return (Q(role__initiative_id__in=mine) | mentor
            | Q(organization_id__in=access.managed_org_ids(user))) & ~Q(volunteer=user)


def claims_to_verify(user: User) -> QuerySet[Claim]:
    return Claim.objects.filter(_peer_scope(user), status=Claim.Status.COMPLETED).select_related(
        "role__initiative", "volunteer"
    ).order_by("completed_at", "id")


def contributions_to_verify(user: User) -> QuerySet[Contribution]:
    scope = Claim.objects.filter(_peer_scope(user)).values("pk")
    return Contribution.objects.filter(
        claim_id__in=scope, status__in=Contribution.AWAITING_PEER
    ).select_related("claim__role", "claim__volunteer").order_by("date", "id")


def pending_proposals(user: User, initiative: Initiative) -> QuerySet[Proposal]:
    """Proposals an orchestrator may decide on in this initiative (none for anyone else)."""
    qs = Proposal.objects.filter(initiative=initiative, status=Proposal.Status.PENDING)
    return access.managed_rows(qs, user).select_related("author").order_by("created_at")


# --- Leadership journey --------------------------------------------------------------------

LEVELS = [
    # (key, name, rule) — the rule is shown on the page as written here, and _level() applies it.
    ("contributor", _("Contributor"),
     _("At least one contribution or completed role verified by a peer.")),
    ("micro_leader", _("Micro-leader"),
     _("At least one role completed and verified by a peer.")),
    ("steward", _("Steward"),
     _("At least 3 verified roles, exercising at least 2 of the 4 capabilities.")),
    ("orchestrator_ready", _("Orchestrator-ready"),
     _("At least 5 verified roles in at least 2 initiatives, exercising all 4 capabilities.")),
]


@dataclass
class Journey:
    verified_roles: int
    verified_contributions: int
    initiatives: int
    capabilities: dict = field(default_factory=dict)  # capability -> verified roles
    level: str | None = None


def _level(j: Journey) -> str | None:
    exercised = sum(1 for n in j.capabilities.values() if n)
    if j.verified_roles >= 5 and j.initiatives >= 2 and exercised == 4:
        return "orchestrator_ready"
    if j.verified_roles >= 3 and exercised >= 2:
        return "steward"
    if j.verified_roles >= 1:
        return "micro_leader"
    if j.verified_contributions >= 1:
        return "contributor"
    return None


def journey(user: User) -> Journey:
    """Levels earned from verified work only: two grouped queries."""
    verified = Claim.objects.filter(volunteer=user, status=Claim.Status.VERIFIED)
    per_cap = dict(verified.values_list("role__capability").annotate(n=Count("pk")))
    totals = verified.aggregate(roles=Count("pk"),
                                initiatives=Count("role__initiative", distinct=True))
    contributions = Contribution.objects.filter(
        claim__volunteer=user, status=Contribution.Status.VERIFIED
    ).count()
    j = Journey(
        verified_roles=totals["roles"], verified_contributions=contributions,
        initiatives=totals["initiatives"],
        capabilities={c: per_cap.get(c.value, 0) for c in Capability},
    )
    j.level = _level(j)
    return j


# --- Rotation: hand-off notes and where an expired seat went --------------------------------


def may_read_handoffs(user, role: Role, standing: Standing) -> bool:
    """Hand-off notes may name people, so they are not public: the role's current holders
    (regular or apprentice seat), whoever is offered a seat now, and the organization's
    orchestrators read them."""
    if not getattr(user, "is_authenticated", False):
        return False
    offer = standing.waitlist
    if standing.claim is not None or (  # an offer past its hold (not yet swept) is not "now"
            offer is not None and offer.status == WaitlistEntry.Status.OFFERED
            and offer.offer_expires_at is not None and offer.offer_expires_at > timezone.now()):
        return True
    return access.is_superuser(user) or role.organization_id in access.managed_org_ids(user)


def handoff_notes(role: Role) -> QuerySet[Claim]:
    """Earlier holders' hand-offs on this role, newest first (only claims that left one)."""
    return (
        Claim.objects.filter(role=role).exclude(status=Claim.Status.ACTIVE)
        .exclude(handoff_note="", handoff_open="", handoff_ask="")
        .select_related("volunteer")
        .annotate(left_at=Coalesce("ended_at", "completed_at", "claimed_at"))
        .order_by("-left_at", "-id")[:20]
    )


def seat_after_expiry(claim: Claim) -> str:
    """Where the seat of an expired claim is now: "offered" to someone, "open", or "full"."""
    role = with_open_seats(Role.objects.filter(pk=claim.role_id)).get()
    if WaitlistEntry.objects.filter(role_id=claim.role_id, status=WaitlistEntry.Status.OFFERED,
                                    offered_at__gte=claim.ended_at).exists():
        return "offered"
    return "open" if role.seats_open > 0 else "full"
