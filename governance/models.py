"""How a collective governs itself: charter, commitments, coverage and stories.

Every row carries `organization`: the coordinator for what the collective defines (charter,
commitments, themes, pieces), the member organization for what a member does (acceptances,
statuses, claims), and the owning organization of the work for stories.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crowddo import images
from initiatives.models import Collective, Region
from people.models import Organization

# Limits, one number each: the models, the forms, the services and their messages use these.
COMMITMENT_TITLE_MAX = 200
COMMITMENT_NOTE_MAX = 300
STORY_TITLE_MAX = 120
STORY_TEXT_MAX = 1500
STORY_MOMENT_MAX = 160
STORY_IMAGE_ALT_MAX = 200
# Story pictures pass the one image check of every upload (crowddo/images.py).
STORY_IMAGE_MAX_MB = images.MAX_MB


class Charter(models.Model):
    """A collective's shared purpose, theory of change and unifying principles."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    collective = models.OneToOneField(Collective, on_delete=models.CASCADE, related_name="charter",
                                      verbose_name=_("collective"))
    purpose = models.TextField(_("shared purpose"))
    theory_of_change = models.TextField(_("theory of change"), blank=True)
    principles = models.TextField(_("unifying principles"), blank=True,
                                  help_text=_("One principle a line."))
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("charter")
        verbose_name_plural = _("charters")

    def __str__(self):
        return f"Charter of {self.collective} (v{self.version})"

    def principle_list(self) -> list[str]:
        return [line.strip() for line in self.principles.splitlines() if line.strip()]


class CharterAcceptance(models.Model):
    """A member organization accepted one version of the charter: who and when."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="acceptances",
                                verbose_name=_("charter"))
    version = models.PositiveIntegerField(_("version"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("charter acceptance")
        verbose_name_plural = _("charter acceptances")
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

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    collective = models.ForeignKey(Collective, on_delete=models.CASCADE,
                                   related_name="commitments", verbose_name=_("collective"))
    title = models.CharField(_("title"), max_length=COMMITMENT_TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    owner = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text=_("The member organization that owns it; empty means every member."),
        verbose_name=_("owner"),
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Monthly reports: count contributions in this region (and below) only."),
        verbose_name=_("region"),
    )
    limit_days = models.PositiveSmallIntegerField(_("limit in days"),
        default=7, help_text=_("Verification: the oldest unverified contribution may be this old.")
    )
    due_on = models.DateField(_("due on"), null=True, blank=True,
                              help_text=_("Marked commitments: due date."))
    remind_days_before = models.PositiveSmallIntegerField(_("remind days before"), default=3)
    starts_on = models.DateField(_("starts on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Corrections go through governance.services.commitment_correct; every version is kept.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
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

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="statuses",
                                   verbose_name=_("commitment"))
    class Detail(models.TextChoices):
        """What the refresh found, as a code and figures (`detail_params`): the sentence is
        written when it is shown (`detail`), in the reader's language."""

        MONTH_REPORTED = "month_reported", _("Reports this month")
        MONTH_MISSED = "month_missed", _("No figures last month")
        MONTH_PENDING = "month_pending", _("Figures for this month not in yet")
        NONE_WAITING = "none_waiting", _("Nothing waiting for verification")
        WAITING = "waiting", _("Work waiting for verification")
        MARKED_KEPT = "marked_kept", _("Marked kept")
        NOT_MARKED_LATE = "not_marked_late", _("Not marked kept by its due date")
        NOT_MARKED = "not_marked", _("Not marked kept yet")

    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DUE)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    detail_code = models.CharField(_("detail"), max_length=20, choices=Detail.choices,
                                   blank=True)
    # {"n": count, "month": "YYYY-MM", "date": "YYYY-MM-DD"}, as the code needs.
    detail_params = models.JSONField(_("detail figures"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    marked_kept_at = models.DateTimeField(_("marked kept at"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("marked by"),
    )
    note = models.CharField(_("note"), max_length=COMMITMENT_NOTE_MAX, blank=True)
    reminded_for = models.DateField(_("reminded for"), null=True, blank=True,
                                    help_text=_("The due date a reminder was last sent for."))

    class Meta:
        verbose_name = _("commitment status")
        ordering = ["commitment", "organization__name"]
        verbose_name_plural = _("commitment statuses")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "organization"],
                                    name="commitment_status_one_per_member",
                                    violation_error_message=_(
                                        "This member organization has a status for this "
                                        "commitment already.")),
        ]

    def __str__(self):
        return f"{self.organization}: {self.commitment} ({self.state})"

    @property
    def detail(self) -> str:
        """The detail as a sentence in the active language (dates in its formats)."""
        return detail_text(self.detail_code, self.detail_params)


def detail_text(code: str, params: dict) -> str:
    """One sentence per `CommitmentStatus.Detail` code, written in the active language."""
    Detail = CommitmentStatus.Detail
    n = int(params.get("n") or 0)
    month = (date_format(dt.date.fromisoformat(params["month"] + "-01"), "YEAR_MONTH_FORMAT")
             if params.get("month") else "")
    date = (date_format(dt.date.fromisoformat(params["date"]), "DATE_FORMAT")
            if params.get("date") else "")
    if code == Detail.MONTH_REPORTED:
        return ngettext("%(n)s report for %(month)s", "%(n)s reports for %(month)s", n) % {
            "n": n, "month": month}
    if code == Detail.MONTH_MISSED:
        return gettext("No figures for %(month)s") % {"month": month}
    if code == Detail.MONTH_PENDING:
        return gettext("Figures for %(month)s not in yet") % {"month": month}
    if code == Detail.WAITING:
        return ngettext("%(n)s waiting; it must be verified by %(date)s",
                        "%(n)s waiting; the oldest must be verified by %(date)s", n) % {
            "n": n, "date": date}
    if code == Detail.MARKED_KEPT:
        return gettext("Marked kept on %(date)s") % {"date": date}
    if code in Detail.values:  # the codes without figures: their label is the sentence
        return str(Detail(code).label)
    return ""


class Theme(models.Model):
    """A theme of the shared work (like MapBiomas' land-use themes)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="themes",
                                   verbose_name=_("collective"))
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
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

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    collective = models.ForeignKey(Collective, on_delete=models.CASCADE,
                                   related_name="coverage_pieces", verbose_name=_("collective"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="pieces",
                              verbose_name=_("theme"))

    class Meta:
        verbose_name = _("coverage piece")
        verbose_name_plural = _("coverage pieces")
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

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    piece = models.ForeignKey(CoveragePiece, on_delete=models.CASCADE, related_name="claims",
                              verbose_name=_("coverage piece"))
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("coverage claim")
        verbose_name_plural = _("coverage claims")
        ordering = ["claimed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["piece", "organization"], name="coverage_claim_once",
                violation_error_message=_("This organization has taken this piece already.")),
        ]

    def __str__(self):
        return f"{self.organization} covers {self.piece}"


class Story(models.Model):
    """A short story beside the numbers: about a verified contribution or a collective moment."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    collective = models.ForeignKey(Collective, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="stories", verbose_name=_("collective"))
    contribution = models.ForeignKey("roles.Contribution", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="stories",
                                                                                                      verbose_name=_("contribution"))
    moment = models.CharField(_("moment"), max_length=STORY_MOMENT_MAX, blank=True,
                              help_text=_("The milestone or moment the story is about."))
    title = models.CharField(_("title"), max_length=STORY_TITLE_MAX)
    text = models.TextField(_("text"), max_length=STORY_TEXT_MAX)
    image = models.ImageField(_("image"), upload_to="stories/", blank=True,
                              width_field="image_width", height_field="image_height")
    image_width = models.PositiveIntegerField(_("image width"), null=True, blank=True,
                                              editable=False)
    image_height = models.PositiveIntegerField(_("image height"), null=True, blank=True,
                                               editable=False)
    image_alt = models.CharField(_("image description"), max_length=STORY_IMAGE_ALT_MAX,
                                 blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("author"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    featured_at = models.DateTimeField(_("featured at"), null=True, blank=True)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("featured by"),
    )

    class Meta:
        verbose_name = _("story")
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("stories")
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
