"""Roll-up tables. Written only by the roll-up services (called from tasks and `rollup`);
dashboards and the API read them and never count raw rows at request time.

Scopes: an initiative, an organization or a collective, addressed as (`kind`, `scope_id`),
and an `audience`: PUBLIC rows count only public, non-draft initiatives (open data: collective
pages, public figures); ALL rows count every initiative of the scope (organization dashboards,
shown to members only). Collectives get PUBLIC rows only; organizations get both; initiatives
get ALL (the initiative page itself is already behind the access policy).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models import Collective, Indicator, Initiative, Region
from roles.levels import level_at

# Percent of a goal (an initiative's or a collective's) worth a milestone.
GOAL_MARKS = (25, 50, 75, 100)


def goal_percent(done: int, target: int) -> int:
    """Whole percent of the goal reached, at most 100 (0 without a target). Integer
    division, as the set-based SQL computes it (`services.sql.goal_percent`)."""
    return min(100, done * 100 // target) if target else 0



# A unique figure row the roll-up writes: a person never adds one, but if a write ever
# collides, the message says what happened instead of naming the constraint.
ROLLUP_ONLY = _("These figures exist already: the roll-up recomputes them, they are not added "
                "by hand.")

class Kind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    ORGANIZATION = "organization", _("Organization")
    COLLECTIVE = "collective", _("Collective")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public data only")
    ALL = "all", _("All, including private initiatives")


class InitiativeProgress(models.Model):
    """Running totals of one initiative, recomputed from raw rows by `rollup_initiative`."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE,
                                      related_name="progress", verbose_name=_("initiative"))
    contributions = models.PositiveIntegerField(_("contributions"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=12, decimal_places=2, default=0)
    micro_improvements = models.PositiveBigIntegerField(_("micro-improvements"), default=0)
    active_claims = models.PositiveIntegerField(_("active claims"), default=0)
    completed_claims = models.PositiveIntegerField(_("completed claims"), default=0)
    verified_claims = models.PositiveIntegerField(_("verified claims"), default=0)
    volunteers = models.PositiveIntegerField(_("volunteers"), default=0)
    roles_open = models.PositiveIntegerField(_("roles open"), default=0)
    roles_filled = models.PositiveIntegerField(_("roles filled"), default=0)
    # Beside the figures, never added in (Contribution.AWAITING_PEER).
    awaiting_contributions = models.PositiveIntegerField(_("contributions awaiting verification"),
                                                         default=0)
    awaiting_micro_improvements = models.PositiveBigIntegerField(
        _("micro-improvements awaiting verification"), default=0)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)
    # When a figure last changed (a recompute that finds the same figures leaves it): the
    # API's `changed_at`, so a partner's sync sees progress without writes to the initiative.
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("initiative progress")
        verbose_name_plural = _("initiative progress")

    def __str__(self):
        return f"Progress of {self.initiative}"

    @property
    def percent(self) -> int:
        return goal_percent(self.micro_improvements, self.initiative.goal_target)


class Totals(models.Model):
    """Figures shared by the scope totals and the region totals."""

    contributions = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    micro_improvements = models.PositiveBigIntegerField(default=0)
    volunteers = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class ScopeTotal(Totals):
    """Totals of one scope for one audience (one row per kind, scope_id, audience)."""

    kind = models.CharField(max_length=12, choices=Kind.choices)
    scope_id = models.PositiveBigIntegerField()
    audience = models.CharField(max_length=6, choices=Audience.choices)
    initiatives = models.PositiveIntegerField(default=0)
    active_claims = models.PositiveIntegerField(default=0)
    completed_claims = models.PositiveIntegerField(default=0)
    verified_claims = models.PositiveIntegerField(default=0)
    roles_open = models.PositiveIntegerField(default=0)
    roles_filled = models.PositiveIntegerField(default=0)
    target = models.PositiveBigIntegerField(default=0)
    # Beside the figures, never added in (Contribution.AWAITING_PEER).
    awaiting_contributions = models.PositiveIntegerField(default=0)
    awaiting_micro_improvements = models.PositiveBigIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)
    # When a figure last changed (a recompute that finds the same figures leaves it): the
    # API's `changed_at`, so a partner's sync sees progress without writes to the initiative.
    changed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope_id", "audience"],
                                    name="scopetotal_unique",
                                    violation_error_message=ROLLUP_ONLY),
        ]

    def __str__(self):
        return f"{self.kind} {self.scope_id} ({self.audience})"

    @property
    def percent(self) -> int:
        return goal_percent(self.micro_improvements, self.target)


class DailyTotal(models.Model):
    """What happened in one scope on one day (work dated that day)."""

    kind = models.CharField(max_length=12, choices=Kind.choices)
    scope_id = models.PositiveBigIntegerField()
    audience = models.CharField(max_length=6, choices=Audience.choices)
    day = models.DateField()
    contributions = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    micro_improvements = models.PositiveBigIntegerField(default=0)
    volunteers = models.PositiveIntegerField(default=0)
    cumulative_micro_improvements = models.PositiveBigIntegerField(default=0)
    # Beside the figures, never added in (Contribution.AWAITING_PEER).
    awaiting_contributions = models.PositiveIntegerField(default=0)
    awaiting_micro_improvements = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope_id", "audience", "day"],
                                    name="dailytotal_unique",
                                    violation_error_message=ROLLUP_ONLY),
        ]


    def __str__(self):
        return f"{self.kind} {self.scope_id} on {self.day}"

class RegionTotal(Totals):
    """A collective's public progress in one region (every level: country, state, district)."""

    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    # The region's parent, copied so a drill-down is one indexed filter.
    parent = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    level = models.CharField(max_length=10)
    # Beside the figures, never added in (Contribution.AWAITING_PEER).
    awaiting_contributions = models.PositiveIntegerField(default=0)
    awaiting_micro_improvements = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collective", "region"], name="regiontotal_unique",
                violation_error_message=ROLLUP_ONLY),
        ]


    def __str__(self):
        return f"{self.region_id} in collective {self.collective_id}"

class RegionDay(models.Model):
    """A collective's public work in one region on one day: the report compares periods."""

    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    contributions = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    micro_improvements = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collective", "region", "day"],
                                    name="regionday_unique",
                                    violation_error_message=ROLLUP_ONLY),
        ]


    def __str__(self):
        return f"{self.region_id} on {self.day}"

class RegionVolunteer(models.Model):
    """One volunteer's public work in one region (every level) of a collective: counted
    contributions, and beside them the work awaiting a peer. The per-write roll-up moves a
    region's distinct volunteers (those with counted work here) and its awaiting figures by the
    differences of the volunteers a write touched, instead of recounting the region."""

    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contributions = models.PositiveIntegerField(default=0)
    awaiting_contributions = models.PositiveIntegerField(default=0)
    awaiting_micro_improvements = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collective", "user", "region"],
                                    name="regionvolunteer_unique",
                                    violation_error_message=ROLLUP_ONLY),
        ]

    def __str__(self):
        return f"user {self.user_id} in region {self.region_id}"


class ScopePerson(models.Model):
    """One person in an organization's or a collective's scope (one audience): whether they
    take part (`measures.participant_ids`), hold or held a seat, and their counted work. The
    per-write roll-up recomputes the rows of the people of the changed initiative only; the
    scope's participants, role holders, verified volunteers, Gini and top-10 % share are then
    read from these rows (one indexed statement) instead of from the scope's raw rows."""

    kind = models.CharField(max_length=12, choices=Kind.choices)
    scope_id = models.PositiveBigIntegerField()
    audience = models.CharField(max_length=6, choices=Audience.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    participates = models.BooleanField(default=False)
    holds = models.BooleanField(default=False)
    contributions = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope_id", "audience", "user"],
                                    name="scopeperson_unique",
                                    violation_error_message=ROLLUP_ONLY),
        ]
        # Gini and top-10 % of a scope rank its counted rows by hours (`measures.RANKED`):
        # in this index's order, without a sort, on every write that moves counted work.
        indexes = [models.Index(fields=["kind", "scope_id", "audience", "hours", "user"],
                                condition=models.Q(contributions__gt=0),
                                name="scopeperson_ranked")]

    def __str__(self):
        return f"user {self.user_id} in {self.kind} {self.scope_id} ({self.audience})"


class RecentWork(models.Model):
    """The latest verified micro-improvements of a collective's public initiatives (the
    dashboard's feed): `RECENT_WORK` contributions per collective, newest first, kept by the
    roll-up so the page never sorts the raw contributions of every collective."""

    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="+")
    contribution = models.ForeignKey("roles.Contribution", on_delete=models.CASCADE,
                                     related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collective", "contribution"],
                                    name="recentwork_unique",
                                    violation_error_message=ROLLUP_ONLY),
        ]

    def __str__(self):
        return f"contribution {self.contribution_id} in collective {self.collective_id}"


# How many verified micro-improvements the collective dashboard's feed shows.
RECENT_WORK = 8


class VolunteerDay(models.Model):
    """One volunteer's public work in a collective on one day: the report's leaders."""

    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    contributions = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    micro_improvements = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collective", "user", "day"],
                                    name="volunteerday_unique",
                                    violation_error_message=ROLLUP_ONLY),
        ]

    def __str__(self):
        return f"user {self.user_id} on {self.day}"


class LeadershipMeasure(models.Model):
    """How widely leadership is spread in a scope (MIT distributed-leadership measures)."""

    kind = models.CharField(max_length=12, choices=Kind.choices)
    scope_id = models.PositiveBigIntegerField()
    audience = models.CharField(max_length=6, choices=Audience.choices)
    participants = models.PositiveIntegerField(default=0)
    role_holders = models.PositiveIntegerField(default=0)
    verified_volunteers = models.PositiveIntegerField(default=0)
    gini = models.FloatField(null=True, blank=True)
    top10_share = models.FloatField(null=True, blank=True)
    capabilities = models.JSONField(default=dict)  # capability -> filled roles
    boundary_spanners = models.PositiveIntegerField(null=True, blank=True)
    mentorships = models.PositiveIntegerField(
        default=0, help_text=_("Apprentices paired with a mentor (counted as “relating”).")
    )
    roles_total = models.PositiveIntegerField(default=0)
    roles_from_proposals = models.PositiveIntegerField(default=0)
    completed_work = models.PositiveIntegerField(default=0)
    peer_verified_work = models.PositiveIntegerField(default=0)
    orchestrators = models.PositiveIntegerField(default=0)
    open_roles = models.PositiveIntegerField(default=0)
    pending_verifications = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope_id", "audience"],
                                    name="leadershipmeasure_unique",
                                    violation_error_message=ROLLUP_ONLY),
        ]

    def __str__(self):
        return f"leadership in {self.kind} {self.scope_id} ({self.audience})"


class IndicatorTotal(models.Model):
    """An indicator's figure, aggregated as its definition says: overall (region empty) and per
    region it was reported in. Public audience: only public, non-draft initiatives count."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="totals")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    value = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    reports = models.PositiveIntegerField(default=0)
    # Reports awaiting a peer, aggregated the same way on their own: beside the figure, never
    # added in (Contribution.AWAITING_PEER).
    awaiting_value = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    awaiting_reports = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region"],
                                    name="indicatortotal_unique_region",
                                    violation_error_message=ROLLUP_ONLY),
            models.UniqueConstraint(fields=["indicator"], condition=models.Q(region=None),
                                    name="indicatortotal_unique_overall",
                                    violation_error_message=ROLLUP_ONLY),
        ]

    def __str__(self):
        return f"{self.indicator} in {self.region or 'all regions'}: {self.value}"


class VolunteerTotal(models.Model):
    """One volunteer's own numbers (for /me/), across every organization."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="dashboard_totals")
    contributions = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    verified_hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    micro_improvements = models.PositiveBigIntegerField(default=0)
    roles_held = models.PositiveIntegerField(default=0)
    verified_claims = models.PositiveIntegerField(default=0)
    initiatives = models.PositiveIntegerField(default=0)
    # The number of the volunteer's level in roles.levels.LEVELS (0: none yet).
    level = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)


    def __str__(self):
        return f"numbers of user {self.user_id}"

class Milestone(models.Model):
    """A moment worth celebrating, recorded once (the unique `key` makes reruns no-ops)."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("Goal reached a quarter mark")
        FIRST_VERIFIED = "first_verified", _("First verified claim")
        LEVEL_UP = "level_up", _("Volunteer levelled up")
        CLOSED = "closed", _("Initiative closed with an outcome")

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    collective = models.ForeignKey(Collective, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+")
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    is_public = models.BooleanField(default=True)
    reached_at = models.DateTimeField(auto_now_add=True)
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-reached_at", "-id"]

    def __str__(self):
        return self.key

    def describe(self) -> str:
        if self.kind == self.Kind.LEVEL_UP:
            level = level_at(self.level)
            return _("%(name)s reached the level %(level)s") % {
                "name": self.volunteer.public_name, "level": level.name if level else "?"}
        where = self.initiative.name if self.initiative_id else self.collective.name
        if self.kind == self.Kind.CLOSED:
            return _("%(where)s closed with an outcome") % {"where": where}
        if self.kind == self.Kind.FIRST_VERIFIED:
            return _("%(where)s: the first claim verified by a peer") % {"where": where}
        return _("%(where)s reached %(percent)s%% of its goal") % {
            "where": where, "percent": self.percent}


class FillState(models.Model):
    """When the full roll-up last filled one of the per-day tables (`services.fills`): with
    its row present, a rerun refills only the days written since (`PendingDay`); without it
    (never filled) or with `manage.py rollup --full`, the table is filled whole."""

    table = models.CharField(max_length=63, unique=True)
    filled_at = models.DateTimeField()

    def __str__(self):
        return f"{self.table} filled at {self.filled_at}"


class PendingDay(models.Model):
    """A day whose work changed since `table` was last filled (NULL: every day, e.g. an
    initiative turned private). Written by database triggers on the raw rows (migration
    0009), so every write counts whatever wrote it (a service, a queryset update, a delete,
    COPY); consumed by the fill that refills it. Append-only: a write in flight when a fill
    runs leaves its row for the next fill (no hot row, no lost day)."""

    table = models.CharField(max_length=63, db_index=True)
    day = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"{self.table} {self.day or 'every day'}"
