"""How a collective governs itself: charter, commitments, coverage and stories.

Every row carries `organization`: the coordinator for what the collective defines (charter,
commitments, themes, pieces), the member organization for what a member does (acceptances,
statuses, claims), and the owning organization of the work for stories.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crowddo import images
from initiatives.models import Collective, Region
from people.models import Organization

# Limits, one number each: the models, the forms, the services and their messages use these.
COMMITMENT_TITLE_MAX = 200
COMMITMENT_NOTE_MAX = 300
COMMITMENT_DETAIL_MAX = 200
STORY_TITLE_MAX = 120
STORY_TEXT_MAX = 1500
STORY_MOMENT_MAX = 160
STORY_IMAGE_ALT_MAX = 200
# Story pictures pass the one image check of every upload (crowddo/images.py).
STORY_IMAGE_MAX_MB = images.MAX_MB


class Charter(models.Model):
    """A collective's shared purpose, theory of change and unifying principles."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    collective = models.OneToOneField(Collective, on_delete=models.CASCADE, related_name="charter")
    purpose = models.TextField(_("shared purpose"))
    theory_of_change = models.TextField(_("theory of change"), blank=True)
    principles = models.TextField(_("unifying principles"), blank=True,
                                  help_text=_("One principle a line."))
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Charter of {self.collective} (v{self.version})"

    def principle_list(self) -> list[str]:
        return [line.strip() for line in self.principles.splitlines() if line.strip()]


class CharterAcceptance(models.Model):
    """A member organization accepted one version of the charter: who and when."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="acceptances")
    version = models.PositiveIntegerField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["accepted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "organization", "version"],
                                    name="charter_accepted_once_per_version",
                                    violation_error_message=_(
                                        "This organization accepted this version of the charter "
                                        "already.")),
        ]

    def __str__(self):
        return f"{self.organization} accepted v{self.version}"


class CommitmentKind(models.TextChoices):
    """How a commitment is checked (module level: the model's constraints name it too)."""

    MONTHLY_REPORT = "monthly_report", _("Report figures every month (checked from data)")
    VERIFY_WITHIN = "verify_within", _("Verify contributions within N days (checked from data)")
    MARKED = "marked", _("Marked kept by its owner")


class Commitment(models.Model):
    """A promise members make to each other, with an owner and a due date."""

    Kind = CommitmentKind

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    collective = models.ForeignKey(Collective, on_delete=models.CASCADE,
                                   related_name="commitments")
    title = models.CharField(max_length=COMMITMENT_TITLE_MAX)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    owner = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text=_("The member organization that owns it; empty means every member."),
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Monthly reports: count contributions in this region (and below) only."),
    )
    limit_days = models.PositiveSmallIntegerField(
        default=7, help_text=_("Verification: the oldest unverified contribution may be this old.")
    )
    due_on = models.DateField(null=True, blank=True, help_text=_("Marked commitments: due date."))
    remind_days_before = models.PositiveSmallIntegerField(default=3)
    starts_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Corrections go through governance.services.commitment_correct; every version is kept.
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=CommitmentKind.MARKED) | Q(due_on__isnull=False),
                name="commitment_marked_has_due_date",
                violation_error_message=_(
                    "A commitment its owner marks as kept needs a due date.")),
            models.CheckConstraint(condition=Q(limit_days__gte=1), name="commitment_limit_gte_1",
                violation_error_message=_("The verification limit must be at least 1 day.")),
        ]

    def __str__(self):
        return self.title


class CommitmentStatus(models.Model):
    """Where one member organization stands on one commitment (written by the refresh)."""

    class State(models.TextChoices):
        KEPT = "kept", _("Kept")
        DUE = "due", _("Due")
        OVERDUE = "overdue", _("Overdue")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="statuses")
    state = models.CharField(max_length=8, choices=State.choices, default=State.DUE)
    due_on = models.DateField(null=True, blank=True)
    detail = models.CharField(max_length=COMMITMENT_DETAIL_MAX, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    marked_kept_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=COMMITMENT_NOTE_MAX, blank=True)
    reminded_for = models.DateField(null=True, blank=True,
                                    help_text=_("The due date a reminder was last sent for."))

    class Meta:
        ordering = ["commitment", "organization__name"]
        verbose_name_plural = "commitment statuses"
        constraints = [
            models.UniqueConstraint(fields=["commitment", "organization"],
                                    name="commitment_status_one_per_member",
                                    violation_error_message=_(
                                        "This member organization has a status for this "
                                        "commitment already.")),
        ]

    def __str__(self):
        return f"{self.organization}: {self.commitment} ({self.state})"


class Theme(models.Model):
    """A theme of the shared work (like MapBiomas' land-use themes)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["collective", "slug"], name="theme_unique_slug",
                violation_error_message=_(
                    "This collective has a theme with this slug already: choose another slug.")),
        ]

    def __str__(self):
        return self.name


class CoveragePiece(models.Model):
    """One region × theme piece of a collective's work, defined by the coordinator."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    collective = models.ForeignKey(Collective, on_delete=models.CASCADE,
                                   related_name="coverage_pieces")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="pieces")

    class Meta:
        ordering = ["region__name", "theme__name"]
        constraints = [
            models.UniqueConstraint(fields=["collective", "region", "theme"],
                                    name="coverage_piece_unique",
                                    violation_error_message=_(
                                        "This piece of the coverage map (region and theme) exists"
                                        " already.")),
        ]

    def __str__(self):
        return f"{self.theme} in {self.region}"


class CoverageClaim(models.Model):
    """A member organization covers a piece."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    piece = models.ForeignKey(CoveragePiece, on_delete=models.CASCADE, related_name="claims")
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claimed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["piece", "organization"], name="coverage_claim_once",
                violation_error_message=_("This organization has taken this piece already.")),
        ]

    def __str__(self):
        return f"{self.organization} covers {self.piece}"


class Story(models.Model):
    """A short story beside the numbers: about a verified contribution or a collective moment."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    collective = models.ForeignKey(Collective, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="stories")
    contribution = models.ForeignKey("roles.Contribution", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="stories")
    moment = models.CharField(_("moment"), max_length=STORY_MOMENT_MAX, blank=True,
                              help_text=_("The milestone or moment the story is about."))
    title = models.CharField(max_length=STORY_TITLE_MAX)
    text = models.TextField(max_length=STORY_TEXT_MAX)
    image = models.ImageField(upload_to="stories/", blank=True,
                              width_field="image_width", height_field="image_height")
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(_("image description"), max_length=STORY_IMAGE_ALT_MAX,
                                 blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    featured_at = models.DateTimeField(null=True, blank=True)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "stories"
        constraints = [
            models.CheckConstraint(
                condition=Q(contribution__isnull=False)
                | (Q(collective__isnull=False) & ~Q(moment="")),
                name="story_has_subject",
                violation_error_message=_(
                    "A story tells of a contribution, or of a moment of a collective: choose the "
                    "contribution, or the collective and write the moment."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None
