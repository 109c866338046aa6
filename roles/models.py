"""Micro-leadership roles and the work done in them."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crowddo.history import HistoryManagerBuiltOnce
from initiatives.access import is_open_data, open_data_q
from initiatives.models import Initiative, Region
from people import access
from people.models import Organization, Skill
from roles import limits

USER = settings.AUTH_USER_MODEL


class Capability(models.TextChoices):
    """The four leadership capabilities (Ancona et al., MIT)."""

    SENSEMAKING = "sensemaking", _("Sensemaking")
    VISIONING = "visioning", _("Visioning")
    RELATING = "relating", _("Relating")
    INVENTING = "inventing", _("Inventing")


def role_open_data_q(prefix: str = "") -> Q:
    """Open data: non-draft roles of open-data initiatives (`initiatives.access`), as a filter
    on roles or on rows that reach a role through `prefix` (e.g. "role__")."""
    return open_data_q(f"{prefix}initiative__") & ~Q(**{f"{prefix}status": Role.Status.DRAFT})


def role_visible_q(actor, prefix: str = "") -> Q:
    """Roles the actor may see: open data, plus every role of the actor's own organizations."""
    if access.is_superuser(actor):
        return Q()
    return role_open_data_q(prefix) | Q(**{f"{prefix}organization_id__in":
                                           access.member_org_ids(actor)})


class RoleQuerySet(models.QuerySet):
    def open_data(self):
        return self.filter(role_open_data_q())

    def visible_to(self, actor):
        return self.filter(role_visible_q(actor))

    def touch(self) -> int:
        """Seats changed (a claim, an offer, a lapse): what the API shows of these roles changed,
        so `updated_at` moves in the same transaction and partners' syncs see it again."""
        return self.update(updated_at=timezone.now())

    def taking_claims(self):
        """Roles that take claims now: open, in an active initiative. With `visible_to`, a free
        seat (`with_seats`) and the burnout guard this is "claimable" (`services.seats`)."""
        return self.filter(status=Role.Status.OPEN, initiative__status=Initiative.Status.ACTIVE)

    def with_seats(self, *, for_volunteer=None):
        """THE seat figures, read from the seat counter (`services.seat_counter`):

        - `seats_taken` (column): active regular claims (apprentice seats never take one);
        - `seats_offered` (column): seats held for someone offered one (waitlist entries in
          status OFFERED, until they are accepted, declined or swept as lapsed: a lapsed
          offer holds its seat until swept); `for_volunteer`'s own live offer is not counted
          in `seats_free`: it is theirs to take;
        - `seats_free` = seats − seats_taken − seats_offered: what can be claimed;
        - `apprentices_taken`, `apprentice_seats_free` for the apprentice seats (a count:
          apprentice seats are few and claimed under the role's row lock).

        The regular figures are columns kept by the one counter module in the transaction
        of every change, so listing, filtering and sorting by them needs no aggregation.
        """
        free = F("seats") - F("seats_taken") - F("seats_offered")
        if for_volunteer is not None:
            own = WaitlistEntry.objects.filter(role_id=OuterRef("pk"), volunteer=for_volunteer,
                                               status=WaitlistEntry.Status.OFFERED,
                                               offer_expires_at__gt=timezone.now())
            free = free + Case(When(Exists(own), then=Value(1)), default=Value(0))
        active = Claim.objects.filter(status=Claim.Status.ACTIVE)
        return self.annotate(
            apprentices_taken=_count(active.filter(kind=Claim.Kind.APPRENTICE)),
        ).annotate(
            seats_free=ExpressionWrapper(free, output_field=IntegerField()),
            apprentice_seats_free=F("apprentice_seats") - F("apprentices_taken"),
        )


def _count(rows: models.QuerySet) -> Coalesce:
    """COUNT(*) of `rows` belonging to the outer role, as a subquery (0 when none)."""
    counted = (rows.filter(role_id=OuterRef("pk")).order_by().values("role_id")
               .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


COUNTERS = ("seats_taken", "seats_offered")


class Role(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    # No single-column indexes on the two tenant keys: role_org_status_newest and
    # role_initiative_status lead with them (every index is paid by each counter UPDATE).
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="roles",
                                     verbose_name=_("organization"), db_index=False)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="roles",
                                   verbose_name=_("initiative"), db_index=False)
    title = models.CharField(_("title"), max_length=limits.TITLE_MAX)
    responsibility = models.CharField(
        _("dimension of responsibility"), max_length=240,
        help_text=_("The one thing this role owns, in one line."),
    )
    success_looks_like = models.TextField(_("what success looks like"), blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), default=2)
    duration_weeks = models.PositiveSmallIntegerField(_("duration weeks"), default=8)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    skills = models.ManyToManyField(Skill, blank=True, related_name="roles",
                                    verbose_name=_("skills"))
    capability = models.CharField(_("capability"), max_length=12, choices=Capability.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="roles",
        verbose_name=_("region"),
    )
    is_remote = models.BooleanField(_("remote"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.OPEN)
    stale_after_days = models.PositiveSmallIntegerField(_("stale after days"),
        default=14, validators=[MaxValueValidator(limits.MAX_STALE_DAYS)],
        help_text=_("Days without a contribution before an active claim expires."),
    )
    apprentice_seats = models.PositiveSmallIntegerField(_("apprentice seats"),
        default=0, help_text=_("Seats for newcomers who learn the role beside a current or past "
                               "holder (their mentor). Not counted in `seats`."),
    )
    term_weeks = models.PositiveSmallIntegerField(_("term weeks"),
        null=True, blank=True,
        help_text=_("Weeks a holder serves before choosing to renew or hand over. "
                    "Empty: no term."),
    )
    coordinator = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="coordinated_roles",
        verbose_name=_("coordinator"),
    )
    proposed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposed_roles",
        verbose_name=_("proposed by"),
    )
    from_proposal = models.ForeignKey(
        "roles.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="roles",
        help_text=_("The accepted proposal this role came from."),
        verbose_name=_("from proposal"),
    )
    # The seat counter (`services.seat_counter` alone writes it, with conditional UPDATEs):
    # active regular claims, and seats held for someone offered one.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    seats_offered = models.PositiveIntegerField(_("seats offered"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[skills], excluded_fields=list(COUNTERS))

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="role_seats_gte_1",
                violation_error_message=_("A role needs at least one seat.")),
            # The last line of defence: never more seats taken and offered than the role has.
            models.CheckConstraint(
                condition=Q(seats_taken__gte=0, seats_offered__gte=0,
                            seats__gte=F("seats_taken") + F("seats_offered")),
                name="role_seats_not_overfilled",
                violation_error_message=_("A role cannot have fewer seats than are taken "
                                          "and offered now; release or end claims first."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=limits.ROLE_HOURS_MAX),
                name="role_hours_range",
                violation_error_message=format_lazy(
                    _("Hours a week must be more than 0 and at most {}."),
                    limits.ROLE_HOURS_MAX),
            ),
            models.CheckConstraint(condition=Q(duration_weeks__gt=0), name="role_duration_gt_0",
                violation_error_message=_("The duration must be at least one week.")),
            models.CheckConstraint(condition=Q(stale_after_days__gt=0), name="role_stale_gt_0",
                violation_error_message=_("Days before a quiet claim expires must be at least 1.")),
            models.CheckConstraint(condition=Q(term_weeks__isnull=True) | Q(term_weeks__gt=0),
                                   name="role_term_gt_0",
                                   violation_error_message=_(
                                       "A term must be at least one week long (leave it empty for"
                                       " no term).")),
        ]
        indexes = [
            # Newest first among roles of a status; the initiative rides along (INCLUDE, on
            # PostgreSQL) so the list's ids-first page and the bounded count read the index
            # alone before joining initiatives for visibility.
            models.Index(fields=["status", "-created_at", "-id"], include=["initiative"],
                         name="role_status_newest"),
            # (organization, status) lookups, and one organization's roles newest first.
            models.Index(F("organization"), F("status"), F("created_at").desc(), F("id").desc(),
                         name="role_org_status_newest"),
            # The role list's sorts (roles.filters.SORTS) and the admin's default order, read
            # in index order at any size (issue 17; plans in bench/README.md).
            models.Index(F("status"), F("hours_per_week"), F("created_at").desc(),
                         F("id").desc(), name="role_status_hours", include=["initiative"]),
            models.Index(F("status"), (F("seats") - F("seats_taken") - F("seats_offered")).desc(),
                         F("created_at").desc(), F("id").desc(), name="role_status_seats_free",
                         include=["initiative"]),
            models.Index(F("created_at").desc(), F("id").desc(), name="role_newest"),
            models.Index(F("organization"), F("status"),
                         (F("seats") - F("seats_taken") - F("seats_offered")).desc(),
                         F("created_at").desc(), F("id").desc(), name="role_org_seats_free"),
            # One initiative's roles (its page, a collective's, the search by initiative name):
            # the bounded count reads these from the index alone.
            models.Index(F("initiative"), F("status"), name="role_initiative_status"),
            # The admin changelist's sortable columns (RoleAdmin.sortable_by), either way.
            models.Index(F("seats"), F("created_at"), F("id"), name="role_seats"),
            models.Index((F("seats") - F("seats_taken") - F("seats_offered")).desc(),
                         F("created_at").desc(), F("id").desc(), name="role_seats_free"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The tenant column always follows the initiative.
        self.organization_id = self.initiative.organization_id
        if not self._state.adding and kwargs.get("update_fields") is None:
            # A saved role never writes the counter back: the copy in memory may be stale.
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields
                                       if not f.primary_key and f.name not in COUNTERS]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/roles/{self.pk}/"

    @property
    def is_open_data(self) -> bool:
        """`RoleQuerySet.open_data` for a role in memory (with its initiative)."""
        return is_open_data(self.initiative) and self.status != Role.Status.DRAFT

    @property
    def takes_claims(self) -> bool:
        """`RoleQuerySet.taking_claims` for a role in memory (with its initiative)."""
        return (self.status == Role.Status.OPEN
                and self.initiative.status == Initiative.Status.ACTIVE)

    def is_visible_to(self, actor) -> bool:
        """`RoleQuerySet.visible_to` for a role in memory: no query for open data."""
        return (self.is_open_data or access.is_superuser(actor)
                or self.organization_id in access.member_org_ids(actor))


class ClaimStatus(models.TextChoices):
    """`Claim.Status` (defined out here so that Claim.Meta's constraint can name a member)."""

    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    VERIFIED = "verified", _("Verified")
    RELEASED = "released", _("Released")
    EXPIRED = "expired", _("Expired")


# Claim's history, named so that `roles.services.claim_insert` (which writes a new claim and
# its history row in one statement) asks it for the history row's user and change reason.
CLAIM_HISTORY = HistoricalRecords(history_manager=HistoryManagerBuiltOnce)


class Claim(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular seat")
        APPRENTICE = "apprentice", _("Apprentice seat")

    Status = ClaimStatus

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organization"))
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="claims",
                             verbose_name=_("role"))
    volunteer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="claims",
                                  verbose_name=_("volunteer"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    mentor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="apprenticeships",
        help_text=_("For an apprentice seat: the current or past holder they learn from."),
        verbose_name=_("mentor"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE)
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    last_activity_at = models.DateTimeField(_("last activity at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True,
                                    help_text=_("Released or expired at."))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    term_ends_at = models.DateTimeField(_("term ends at"),
        null=True, blank=True, help_text=_("End of the current term (roles with a term).")
    )
    term_reminded_at = models.DateTimeField(_("term reminded at"), null=True, blank=True)
    renewed_at = models.DateTimeField(_("renewed at"), null=True, blank=True)
    handoff_note = models.TextField(_("what is done"), blank=True, max_length=limits.NOTE_MAX)
    handoff_open = models.TextField(_("what is still open"), blank=True,
                                    max_length=limits.NOTE_MAX)
    handoff_ask = models.CharField(_("whom to ask"), blank=True, max_length=limits.ASK_MAX)
    history = CLAIM_HISTORY  # a row per claim write

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "volunteer"], condition=Q(status=ClaimStatus.ACTIVE),
                name="claim_one_active_per_volunteer_role",
                violation_error_message=_("This volunteer holds this role already."),
            ),
            models.CheckConstraint(condition=~Q(mentor=models.F("volunteer")),
                                   name="claim_mentor_not_self",
                                   violation_error_message=_(
                                       "A volunteer cannot be their own mentor.")),
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
        # Far above the usual (roles.services.plausibility): counts nowhere and waits for an
        # orchestrator to confirm it in the admin.
        HELD = "held", _("Held for review")

    # The counting rule, written once: only work a qualified peer verified counts, in every
    # figure of every audience (hours, micro-improvements, indicators, hour-based measures and
    # levels). Verifying a claim does not verify its contributions; each is verified on its
    # own (the same row after a resubmission, so it is never counted twice).
    COUNTED = (Status.VERIFIED,)
    # Work waiting for a peer's verdict: shown beside the figures ("reported, awaiting a
    # peer"), never added in; also the verification queues and orchestrator load.
    AWAITING_PEER = (Status.SUBMITTED, Status.RESUBMITTED)

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organization"))
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="contributions",
                              verbose_name=_("claim"))
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    micro_improvements = models.PositiveIntegerField(_("micro-improvements"), default=0)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions",
        verbose_name=_("region"),
    )
    note = models.TextField(_("note"), blank=True, max_length=limits.NOTE_MAX)
    evidence_url = models.URLField(
        _("evidence (a link)"), blank=True, max_length=limits.EVIDENCE_URL_MAX,
        help_text=_("A photo, document or post that shows the work (https://…)."))
    # Checked like story images (crowddo/images.py); served only to who may see the work.
    evidence_image = models.ImageField(
        _("evidence (a picture)"), upload_to="evidence/", blank=True,
        width_field="evidence_image_width", height_field="evidence_image_height")
    evidence_image_width = models.PositiveIntegerField(_("evidence image width"), null=True,
                                                       blank=True, editable=False)
    evidence_image_height = models.PositiveIntegerField(_("evidence image height"), null=True,
                                                        blank=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.SUBMITTED)
    held_reason = models.TextField(_("why it is held"),
        blank=True, max_length=limits.NOTE_MAX,
        help_text=_("Why the report is held for review (the volunteer reads it)."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=limits.HOURS_PER_CONTRIBUTION),
                name="contribution_hours_range",
                violation_error_message=limits.HOURS_OUT_OF_RANGE,
            ),
        ]
        indexes = [models.Index(fields=["organization", "date"]),
                   # The per-write roll-up reads a scope's work of the changed days only.
                   models.Index(fields=["date", "claim"], name="contribution_date_claim")]

    def __str__(self):
        return f"{self.hours} h on {self.date} ({self.claim.role})"


class Verification(models.Model):
    """A peer — never the claimant — confirms a completed claim or a contribution."""

    class Outcome(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        SENT_BACK = "sent_back", _("Sent back")
        RETRACTED = "retracted", _("Retracted")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organization"))
    verifier = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="verifications",
                                 verbose_name=_("verifier"))
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="verifications",
        verbose_name=_("claim"),
    )
    contribution = models.ForeignKey(
        Contribution, null=True, blank=True, on_delete=models.CASCADE,
        related_name="verifications",
        verbose_name=_("contribution"),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices,
                               default=Outcome.VERIFIED)
    comment = models.TextField(_("comment"), blank=True, max_length=limits.NOTE_MAX)
    by_past_holder = models.BooleanField(_("by a past holder"),
        default=False, help_text=_("The verifier held this role before.")
    )
    by_mentor = models.BooleanField(_("by the mentor"),
        default=False, help_text=_("The verifier is the apprentice's mentor.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=False, contribution__isnull=True)
                | Q(claim__isnull=True, contribution__isnull=False),
                name="verification_one_target",
                violation_error_message=_(
                    "A verification is of one claim or of one contribution: never both, never "
                    "neither."),
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} by {self.verifier}"


class Resubmission(models.Model):
    """The contributor's answer to a send-back: what they changed, kept with the contribution."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organization"))
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="resubmissions",
        verbose_name=_("contribution"),
    )
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("author"))
    note = models.TextField(_("note"), max_length=limits.NOTE_MAX)
    hours_before = models.DecimalField(_("hours before"), max_digits=5, decimal_places=2)
    hours_after = models.DecimalField(_("hours after"), max_digits=5, decimal_places=2)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resubmission")
        verbose_name_plural = _("resubmissions")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"resubmission of contribution {self.contribution_id}"


class IndicatorValue(models.Model):
    """A contribution's report against one of its collective's shared indicators."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organization"))
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="indicator_values",
        verbose_name=_("contribution"),
    )
    indicator = models.ForeignKey(
        "initiatives.Indicator", on_delete=models.PROTECT, related_name="values",
        verbose_name=_("indicator"),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, default=0)
    key = models.CharField(_("key"),
        max_length=120, blank=True,
        help_text=_("For “count of distinct” indicators: what is counted (e.g. a school's name)."),
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "indicator", "key"],
                                    name="indicatorvalue_unique",
                                    violation_error_message=_(
                                        "This contribution reports this indicator (and key) "
                                        "already.")),
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

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organization"))
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="proposals",
                                   verbose_name=_("initiative"))
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="proposals",
                               verbose_name=_("author"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ROLE)
    title = models.CharField(_("title"), max_length=limits.TITLE_MAX)
    description = models.TextField(_("description"), max_length=limits.NOTE_MAX)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    decline_reason = models.TextField(_("reason for declining"), blank=True,
                                      max_length=limits.NOTE_MAX)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    resulting_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_proposals",
        verbose_name=_("resulting role"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role proposal")
        verbose_name_plural = _("role proposals")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class WaitlistStatus(models.TextChoices):
    """`WaitlistEntry.Status` (out here so that the entry's Meta constraint can name members)."""

    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered a seat")
    ACCEPTED = "accepted", _("Accepted")
    LAPSED = "lapsed", _("Offer lapsed")
    CANCELLED = "cancelled", _("Left the waitlist")


class WaitlistEntry(models.Model):
    Status = WaitlistStatus
    # Still in the queue or holding an offer: at most one such entry per person and role.
    OPEN = (WaitlistStatus.WAITING, WaitlistStatus.OFFERED)

    class Via(models.TextChoices):
        WAITLIST = "waitlist", _("Waitlist")
        APPRENTICE = "apprentice", _("Apprentice of the role")
        PROPOSAL = "proposal", _("Author of the proposal")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organization"))
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="waitlist",
                             verbose_name=_("role"))
    volunteer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="waitlist_entries",
                                  verbose_name=_("volunteer"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.WAITING)
    via = models.CharField(_("offered through"),
        max_length=10, choices=Via.choices, default=Via.WAITLIST,
        help_text=_("Why the seat was offered: the queue, an apprentice first, a proposer."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("waitlist entry")
        ordering = ["created_at", "id"]
        verbose_name_plural = _("waitlist entries")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "volunteer"],
                condition=Q(status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]),
                name="waitlist_one_open_entry",
                violation_error_message=_("This person is on this role's waitlist already."),
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} waiting for {self.role} ({self.status})"


class InitiativeProposal(models.Model):
    """A volunteer's idea for a whole new initiative, proposed to an organization (issue 20).

    Accepted: a draft initiative of that organization with a lead role credited to the author
    (and the first roles named), whose first seat is offered to the author once the
    initiative is published. The author does not become an orchestrator."""

    Status = Proposal.Status

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    author = models.ForeignKey(USER, on_delete=models.CASCADE,
                               related_name="initiative_proposals", verbose_name=_("author"))
    name = models.CharField(_("name"), max_length=limits.TITLE_MAX)
    purpose = models.TextField(_("purpose"), max_length=limits.NOTE_MAX)
    sdgs = models.ManyToManyField("initiatives.Sdg", blank=True, related_name="+",
                                  verbose_name=_("SDGs"))
    goal_label = models.CharField(_("what is counted"), max_length=80,
                                  default="micro-improvements")
    goal_target = models.PositiveIntegerField(_("goal"), default=100)
    first_roles = models.TextField(_("first roles"), blank=True, max_length=limits.NOTE_MAX)
    status = models.CharField(_("status"), max_length=10, choices=Proposal.Status.choices,
                              default=Proposal.Status.PENDING)
    decline_reason = models.TextField(_("reason for declining"), blank=True,
                                      max_length=limits.NOTE_MAX)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("initiative"))
    lead_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("lead role"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("initiative proposal")
        verbose_name_plural = _("initiative proposals")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(
            condition=Q(goal_target__gt=0), name="initiativeproposal_target_gt_0",
            violation_error_message=_("The goal needs a number above zero."))]

    def __str__(self):
        return self.name
