"""Micro-leadership roles and the work done in them."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.access import is_open_data, open_data_q
from initiatives.models import Initiative, Region
from people import access
from people.models import Organization, Skill

USER = settings.AUTH_USER_MODEL


class Capability(models.TextChoices):
    """The four leadership capabilities (Ancona et al., MIT)."""

    SENSEMAKING = "sensemaking", _("Sensemaking")
    VISIONING = "visioning", _("Visioning")
    RELATING = "relating", _("Relating")
    INVENTING = "inventing", _("Inventing")


class RoleQuerySet(models.QuerySet):
    def open_data(self):
        """Open data: non-draft roles of open-data initiatives (`initiatives.access`)."""
        return self.filter(open_data_q("initiative__") & ~Q(status=Role.Status.DRAFT))

    def visible_to(self, actor):
        """Open data, plus every role of the actor's own organizations."""
        if access.is_superuser(actor):
            return self
        return self.filter(open_data_q("initiative__") & ~Q(status=Role.Status.DRAFT)
                           | Q(organization_id__in=access.member_org_ids(actor)))

    def with_seats(self):
        """Annotate `seats_taken`, `seats_left` (regular seats) and `apprentice_seats_left` in
        the same query. Apprentice claims never take a regular seat."""
        active = Q(claims__status=Claim.Status.ACTIVE)
        return self.annotate(
            seats_taken=Count("claims", filter=active & Q(claims__kind=Claim.Kind.REGULAR)),
            apprentices_taken=Count("claims",
                                    filter=active & Q(claims__kind=Claim.Kind.APPRENTICE)),
        ).annotate(seats_left=models.F("seats") - models.F("seats_taken"),
                   apprentice_seats_left=models.F("apprentice_seats")
                   - models.F("apprentices_taken"))


class Role(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="roles")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=160)
    responsibility = models.CharField(
        _("dimension of responsibility"), max_length=240,
        help_text=_("The one thing this role owns, in one line."),
    )
    success_looks_like = models.TextField(_("what success looks like"), blank=True)
    hours_per_week = models.PositiveSmallIntegerField(default=2)
    duration_weeks = models.PositiveSmallIntegerField(default=8)
    seats = models.PositiveSmallIntegerField(default=1)
    skills = models.ManyToManyField(Skill, blank=True, related_name="roles")
    capability = models.CharField(max_length=12, choices=Capability.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="roles"
    )
    is_remote = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    stale_after_days = models.PositiveSmallIntegerField(
        default=14, help_text=_("Days without a contribution before an active claim expires.")
    )
    apprentice_seats = models.PositiveSmallIntegerField(
        default=0, help_text=_("Seats for newcomers who learn the role beside a current or past "
                               "holder (their mentor). Not counted in `seats`."),
    )
    term_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text=_("Weeks a holder serves before choosing to renew or hand over. "
                    "Empty: no term."),
    )
    coordinator = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="coordinated_roles"
    )
    proposed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposed_roles"
    )
    from_proposal = models.ForeignKey(
        "roles.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="roles",
        help_text=_("The accepted proposal this role came from."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[skills])

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="role_seats_gte_1"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=40), name="role_hours_range"
            ),
            models.CheckConstraint(condition=Q(duration_weeks__gt=0), name="role_duration_gt_0"),
            models.CheckConstraint(condition=Q(stale_after_days__gt=0), name="role_stale_gt_0"),
            models.CheckConstraint(condition=Q(term_weeks__isnull=True) | Q(term_weeks__gt=0),
                                   name="role_term_gt_0"),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["organization", "status"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The tenant column always follows the initiative.
        self.organization_id = self.initiative.organization_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/roles/{self.pk}/"

    @property
    def is_open_data(self) -> bool:
        """`RoleQuerySet.open_data` for a role in memory (with its initiative)."""
        return is_open_data(self.initiative) and self.status != Role.Status.DRAFT

    def is_visible_to(self, actor) -> bool:
        """`RoleQuerySet.visible_to` for a role in memory: no query for open data."""
        return (self.is_open_data or access.is_superuser(actor)
                or self.organization_id in access.member_org_ids(actor))


class Claim(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular seat")
        APPRENTICE = "apprentice", _("Apprentice seat")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        VERIFIED = "verified", _("Verified")
        RELEASED = "released", _("Released")
        EXPIRED = "expired", _("Expired")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="claims")
    volunteer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    mentor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="apprenticeships",
        help_text=_("For an apprentice seat: the current or past holder they learn from."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    claimed_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True, help_text=_("Released or expired at."))
    reminded_at = models.DateTimeField(null=True, blank=True)
    term_ends_at = models.DateTimeField(
        null=True, blank=True, help_text=_("End of the current term (roles with a term).")
    )
    term_reminded_at = models.DateTimeField(null=True, blank=True)
    renewed_at = models.DateTimeField(null=True, blank=True)
    handoff_note = models.TextField(_("what is done"), blank=True, max_length=4000)
    handoff_open = models.TextField(_("what is still open"), blank=True, max_length=4000)
    handoff_ask = models.CharField(_("whom to ask"), blank=True, max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "volunteer"], condition=Q(status="active"),
                name="claim_one_active_per_volunteer_role",
            ),
            models.CheckConstraint(condition=~Q(mentor=models.F("volunteer")),
                                   name="claim_mentor_not_self"),
        ]
        indexes = [
            models.Index(fields=["role", "status"]),
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["volunteer", "status"]),
        ]

    def __str__(self):
        return f"{self.volunteer} → {self.role} ({self.status})"


class Contribution(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        SENT_BACK = "sent_back", _("Needs changes")
        RESUBMITTED = "resubmitted", _("Resubmitted")

    # The counting rule, written once: work counts in progress totals while it is submitted
    # or verified. Sent-back and resubmitted work counts again only when a peer verifies it
    # (the same row, so a resubmission is never counted twice).
    COUNTED = (Status.SUBMITTED, Status.VERIFIED)
    # Work waiting for a peer's verdict (orchestrator load, verification queues).
    AWAITING_PEER = (Status.SUBMITTED, Status.RESUBMITTED)

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="contributions")
    date = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    micro_improvements = models.PositiveIntegerField(default=0)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    note = models.TextField(blank=True, max_length=4000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=168), name="contribution_hours_range"
            ),
        ]
        indexes = [models.Index(fields=["organization", "date"])]

    def __str__(self):
        return f"{self.hours} h on {self.date} ({self.claim.role})"


class Verification(models.Model):
    """A peer — never the claimant — confirms a completed claim or a contribution."""

    class Outcome(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        SENT_BACK = "sent_back", _("Sent back")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    verifier = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="verifications")
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="verifications"
    )
    contribution = models.ForeignKey(
        Contribution, null=True, blank=True, on_delete=models.CASCADE,
        related_name="verifications",
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.VERIFIED)
    comment = models.TextField(blank=True, max_length=4000)
    by_past_holder = models.BooleanField(
        default=False, help_text=_("The verifier held this role before.")
    )
    by_mentor = models.BooleanField(
        default=False, help_text=_("The verifier is the apprentice's mentor.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=False, contribution__isnull=True)
                | Q(claim__isnull=True, contribution__isnull=False),
                name="verification_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} by {self.verifier}"


class Resubmission(models.Model):
    """The contributor's answer to a send-back: what they changed, kept with the contribution."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="resubmissions"
    )
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(max_length=4000)
    hours_before = models.DecimalField(max_digits=5, decimal_places=2)
    hours_after = models.DecimalField(max_digits=5, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"resubmission of contribution {self.contribution_id}"


class IndicatorValue(models.Model):
    """A contribution's report against one of its collective's shared indicators."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(
        "initiatives.Indicator", on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    key = models.CharField(
        max_length=120, blank=True,
        help_text=_("For “count of distinct” indicators: what is counted (e.g. a school's name)."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "indicator", "key"],
                                    name="indicatorvalue_unique"),
        ]
        indexes = [models.Index(fields=["indicator", "contribution"])]

    def __str__(self):
        return f"{self.indicator}: {self.value or self.key}"


class Proposal(models.Model):
    """A volunteer's idea for a new role or micro-improvement ("local entrepreneurship")."""

    class Kind(models.TextChoices):
        ROLE = "role", _("A new role")
        IMPROVEMENT = "improvement", _("A micro-improvement")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ROLE)
    title = models.CharField(max_length=160)
    description = models.TextField(max_length=4000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decline_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    resulting_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_proposals"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class WaitlistEntry(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered a seat")
        ACCEPTED = "accepted", _("Accepted")
        LAPSED = "lapsed", _("Offer lapsed")
        CANCELLED = "cancelled", _("Left the waitlist")

    class Via(models.TextChoices):
        WAITLIST = "waitlist", _("Waitlist")
        APPRENTICE = "apprentice", _("Apprentice of the role")
        PROPOSAL = "proposal", _("Author of the proposal")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="waitlist")
    volunteer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="waitlist_entries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    via = models.CharField(
        max_length=10, choices=Via.choices, default=Via.WAITLIST,
        help_text=_("Why the seat was offered: the queue, an apprentice first, a proposer."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "waitlist entries"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "volunteer"], condition=Q(status__in=["waiting", "offered"]),
                name="waitlist_one_open_entry",
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} waiting for {self.role} ({self.status})"
