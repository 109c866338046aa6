"""Initiatives, collectives, regions and the public record around them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.models import Organization

# The outcome statement written when an initiative closes: the model, the form, the service
# and its message use this one number.
OUTCOME_MAX = 1000
DECISION_TITLE_MAX = 200


class RegionLevel(models.TextChoices):
    """Module level: the Region model's constraints name it too."""

    COUNTRY = "country", _("Country")
    STATE = "state", _("State")
    DISTRICT = "district", _("District")


class Region(models.Model):
    """Where work happens: country → state → district."""

    shared_reference_data = True  # every organization picks from the same regions

    Level = RegionLevel

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="region_unique_slug",
                violation_error_message=_(
                    "A region with this slug exists already under the same parent region: choose "
                    "another slug.")),
            models.CheckConstraint(
                condition=Q(level=RegionLevel.COUNTRY, parent__isnull=True)
                | (~Q(level=RegionLevel.COUNTRY) & Q(parent__isnull=False)),
                name="region_country_is_root",
                violation_error_message=_(
                    "A country has no parent region, and every other region needs one: pick its "
                    "parent region, or make it a country."),
            ),
        ]

    def __str__(self):
        return self.name

    def ancestors(self) -> list["Region"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Sdg(models.Model):
    """One of the 17 UN Sustainable Development Goals (rows made by a migration)."""

    shared_reference_data = True  # every organization picks from the same goals

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name_plural = _("SDGs")
        ordering = ["number"]
        verbose_name = _("SDG")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=17), name="sdg_number_range",
                    violation_error_message=_("SDG numbers go from 1 to 17.")
            ),
        ]

    def __str__(self):
        return f"SDG {self.number}: {self.name}"


class Collective(models.Model):
    """A cross-organization network with one shared goal, coordinated by one organization."""

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.TextField(_("summary"))
    coordinator = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="coordinated_collectives",
        verbose_name=_("coordinator"),
    )
    members = models.ManyToManyField(
        Organization, through="CollectiveMembership", related_name="collectives",
        verbose_name=_("members"),
    )
    goal_label = models.CharField(_("what is counted"), max_length=80, default="micro-improvements")
    goal_target = models.PositiveIntegerField(_("goal"))
    is_public = models.BooleanField(_("public"), default=True)
    sdgs = models.ManyToManyField(Sdg, blank=True, related_name="collectives",
                                  verbose_name=_("SDGs"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("collective")
        verbose_name_plural = _("collectives")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(goal_target__gt=0), name="collective_target_gt_0",
                violation_error_message=_("The collective's goal must be more than 0.")),
        ]

    def __str__(self):
        return self.name


class CollectiveMembership(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Member")

    collective = models.ForeignKey(Collective, on_delete=models.CASCADE,
                                   verbose_name=_("collective"))
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     verbose_name=_("organization"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.INVITED)
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("collective membership")
        verbose_name_plural = _("collective memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "organization"], name="collective_membership_unique",
                    violation_error_message=_(
                        "This organization is in this collective already, or invited to it.")
            ),
        ]

    def __str__(self):
        return f"{self.organization} in {self.collective}"


class Initiative(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="initiatives",
        verbose_name=_("organization"),
    )
    collective = models.ForeignKey(
        Collective, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives",
        verbose_name=_("collective"),
    )
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    purpose = models.TextField(_("purpose"), blank=True)
    sdgs = models.ManyToManyField(Sdg, blank=True, related_name="initiatives",
                                  verbose_name=_("SDGs"))
    goal_label = models.CharField(_("what is counted"), max_length=80, default="micro-improvements")
    goal_target = models.PositiveIntegerField(_("goal"), default=100)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    is_public = models.BooleanField(_("public"),
        default=True, help_text=_("Public initiatives and their roles are open data.")
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives",
        verbose_name=_("region"),
    )
    outcome = models.TextField(_("outcome"), blank=True, max_length=OUTCOME_MAX,
                               help_text=_("What came of it, written when closing."))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome_announced_at = models.DateTimeField(_("outcome announced at"),
        null=True, blank=True, help_text=_("When contributors were told the outcome.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[sdgs])

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(goal_target__gt=0), name="initiative_target_gt_0",
                violation_error_message=_("The initiative's goal must be more than 0.")),
        ]
        indexes = [
            models.Index(fields=["organization", "status"]),
            # bench: the home page lists the newest initiatives; without this index it
            # sorted every initiative per request (64 ms at 10k, growing with the data).
            models.Index(fields=["-created_at"], name="initiative_newest"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"/initiatives/{self.slug}/"


class Decision(models.Model):
    """An entry in the public decision log of an initiative or a collective."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions",
        verbose_name=_("initiative"),
    )
    collective = models.ForeignKey(
        Collective, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions",
        verbose_name=_("collective"),
    )
    decided_on = models.DateField(_("decided on"))
    title = models.CharField(_("title"), max_length=DECISION_TITLE_MAX)
    rationale = models.TextField(_("rationale"), blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200,
                                  help_text=_("Who decided (people or body)."))
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections",
        verbose_name=_("corrects"),
        help_text=_("The log is append-only: to correct an entry, record a new decision that "
                    "points at it."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=False, collective__isnull=True)
                | Q(initiative__isnull=True, collective__isnull=False),
                name="decision_one_target",
                violation_error_message=_(
                    "A decision belongs to one initiative or to one collective: choose exactly "
                    "one of the two."),
            ),
        ]

    def __str__(self):
        return self.title


class Resource(models.Model):
    """A shared toolkit, link or file ("tools, not rules")."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.CASCADE, related_name="resources",
        verbose_name=_("initiative"),
    )
    collective = models.ForeignKey(
        Collective, null=True, blank=True, on_delete=models.CASCADE, related_name="resources",
        verbose_name=_("collective"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("URL"), blank=True)
    file = models.FileField(_("file"), upload_to="resources/", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=False) | Q(collective__isnull=False),
                name="resource_has_target",
                violation_error_message=_(
                    "Choose the initiative or the collective this resource belongs to."),
            ),
        ]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """One shared measure of a collective, defined once by its coordinating organization.

    Contributions report values against it (roles.IndicatorValue); the roll-ups aggregate
    them exactly as `aggregation` says, and /collectives/<slug>/indicators/ publishes the
    definition, so the same word always means the same number.
    """

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum of the reported values")
        DISTINCT = "distinct", _("Count of distinct things reported")
        LATEST = "latest", _("Latest reported value (per region, summed over regions)")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+",
        help_text=_("The collective's coordinating organization, which owns the definition."),
        verbose_name=_("organization"),
    )
    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="indicators",
                                   verbose_name=_("collective"))
    slug = models.SlugField(_("slug"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    definition = models.TextField(_("definition"),
        help_text=_("One written definition: what counts, what does not, how it is measured.")
    )
    unit = models.CharField(_("unit"), max_length=40,
                            help_text=_("e.g. people, km, schools, litres"))
    max_per_report = models.DecimalField(
        _("most per report"), max_digits=14, decimal_places=2, null=True, blank=True,
        help_text=_("Optional plausibility bound: a report above it is refused with a sentence "
                    "naming it. Empty: no bound (reports far above the usual are still held "
                    "for review)."))
    aggregation = models.CharField(_("aggregation"), max_length=10, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    regions = models.ManyToManyField(
        Region, blank=True, related_name="indicators",
        help_text=_("Regions it applies to (and everything inside them). Empty: everywhere."),
        verbose_name=_("regions"),
    )
    is_active = models.BooleanField(_("active"),
        default=True, help_text=_("Retired indicators keep their numbers but take no new reports.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["collective", "name"]
        constraints = [
            models.UniqueConstraint(fields=["collective", "slug"], name="indicator_unique_slug",
                violation_error_message=_(
                    "This collective has an indicator with this slug already: choose another "
                    "slug.")),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})"

    def save(self, *args, **kwargs):
        # The tenant column always follows the collective's coordinator.
        self.organization_id = self.collective.coordinator_id
        super().save(*args, **kwargs)
