"""People, organizations and credentials."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# What a person may tell about themselves: the model, the profile form and the service use these.
DISPLAY_NAME_MAX = 80
BIO_MAX = 2000
CAPACITY_MIN_HOURS, CAPACITY_MAX_HOURS = 1, 80


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Logs in with an e-mail address, which is never shown to anyone else."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=DISPLAY_NAME_MAX, blank=True)
    show_in_reports = models.BooleanField(
        _("show my display name in reports and leader lists"), default=False
    )
    wants_messages = models.BooleanField(
        _("e-mails from orchestrators and celebrations"), default=True,
        help_text=_("Messages orchestrators send to the people of a role or an initiative, and "
                    "milestone and outcome e-mails. Security e-mails, seat offers and your own "
                    "reminders are always sent."))
    # The language e-mails to the person are written in (people.mail); blank: the site's
    # default. Set at sign-up, by the language switcher and on the profile.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True,
        help_text=_("E-mails to you are written in this language. Blank: the site's default."))

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        """What others may see: the display name, never the e-mail address."""
        return self.display_name or f"Volunteer #{self.pk}"


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Level(models.TextChoices):
        OWNER = "owner", _("Owner")
        ORCHESTRATOR = "orchestrator", _("Orchestrator")
        MEMBER = "member", _("Member")

    MANAGING = (Level.OWNER, Level.ORCHESTRATOR)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("user"))
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("organization"),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.MEMBER)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique",
                violation_error_message=_(
                    "This person is in this organization already: change their role instead.")),
        ]

    def __str__(self):
        return f"{self.user} — {self.organization} ({self.get_level_display()})"


class Invitation(models.Model):
    """An owner's offer of a membership. Until the person accepts it from the link they are
    not a member, and nothing of theirs is visible to the inviting organization.

    The membership is created when the invitation is accepted, so `Membership.created_at` is
    the moment of consent (the audit log shows members' sign-ins only from then on).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations",
        verbose_name=_("organization"),
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations",
        verbose_name=_("person invited"),
    )
    level = models.CharField(_("level"), max_length=16, choices=Membership.Level.choices,
                             default=Membership.Level.MEMBER)
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], condition=Q(status="pending"),
                name="invitation_one_pending",
                violation_error_message=_("This person has an invitation waiting for an "
                                          "answer already."),
            ),
        ]

    def __str__(self):
        # Never the person's name: until they accept, nothing of theirs is shown to the org.
        return f"Invitation #{self.pk} to {self.organization}"


class Skill(models.Model):
    shared_reference_data = True  # every organization picks from the same skills

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]

    def __str__(self):
        return self.name


class VolunteerProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile",
                                verbose_name=_("user"))
    bio = models.TextField(_("bio"), blank=True, max_length=BIO_MAX)
    skills = models.ManyToManyField(Skill, blank=True, related_name="volunteers",
                                    verbose_name=_("skills"))
    weekly_capacity_hours = models.PositiveSmallIntegerField(
        _("hours a week I can give"), default=4,
        help_text=_("The burnout guard refuses claims that would take you past this."),
    )
    regions = models.ManyToManyField("initiatives.Region", blank=True, related_name="volunteers",
                                     verbose_name=_("regions"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_capacity_hours__gte=CAPACITY_MIN_HOURS,
                            weekly_capacity_hours__lte=CAPACITY_MAX_HOURS),
                name="profile_capacity_range",
                violation_error_message=format_lazy(
                    _("Hours a week must be between {} and {}."),
                    CAPACITY_MIN_HOURS, CAPACITY_MAX_HOURS),
            ),
        ]

    def __str__(self):
        return f"Profile of {self.user}"


class ApiKey(models.Model):
    """A partner's credential, bound to an organization. Only a keyed hash is stored."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_keys",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hashed_secret = models.CharField(_("hashed secret"), max_length=128, editable=False)
    can_write = models.BooleanField(_("may write"),
        default=False, help_text=_("Allow creating and updating roles. Read-only when off.")
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["hashed_secret", "last_used_at"])

    class Meta:
        verbose_name_plural = _("API keys")
        verbose_name = _("API key")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AuditEvent(models.Model):
    """A security-relevant event, recorded by `people.audit.audit_record` and read by owners.

    Rows hold no e-mail addresses or names: the actor is a foreign key (nulled when the
    person deletes their account, together with the IP address), details are ids and codes.
    """

    class Type(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logged out")
        MFA_ADDED = "mfa_added", _("Second factor added")
        MFA_REMOVED = "mfa_removed", _("Second factor removed")
        API_KEY_CREATED = "api_key_created", _("API key created")
        API_KEY_REVOKED = "api_key_revoked", _("API key revoked")
        MEMBERSHIP_ADDED = "membership_added", _("Member added")
        MEMBERSHIP_CHANGED = "membership_changed", _("Membership level changed")
        MEMBERSHIP_REMOVED = "membership_removed", _("Member removed")
        DATA_EXPORTED = "data_exported", _("Personal data exported")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")
        WORK_VERIFIED = "work_verified", _("Work verified by an orchestrator")
        HOLD_CONFIRMED = "hold_confirmed", _("Held report confirmed")
        WORK_RETRACTED = "work_retracted", _("Verified work retracted")
        MEMBERSHIP_INVITED = "membership_invited", _("Person invited")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        INVITATION_DECLINED = "invitation_declined", _("Invitation declined")
        INVITATION_WITHDRAWN = "invitation_withdrawn", _("Invitation withdrawn")
        CLAIMS_RELEASED = "claims_released", _("Claims released by an orchestrator")
        CLAIMS_EXPIRED = "claims_expired", _("Claims expired by an orchestrator")
        CLAIMS_NUDGED = "claims_nudged", _("Claim holders nudged")
        PROPOSALS_DECLINED = "proposals_declined", _("Proposals declined")
        PROPOSALS_ACCEPTED = "proposals_accepted", _("Proposals accepted")
        ROWS_EXPORTED = "rows_exported", _("Rows exported from the admin")
        WEBHOOK_CREATED = "webhook_created", _("Webhook endpoint created")
        PEOPLE_MESSAGED = "people_messaged", _("People of a role or initiative messaged")

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("organization"),
    )
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events",
        verbose_name=_("actor"),
    )
    event_type = models.CharField(_("event type"), max_length=24, choices=Type.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created_at"]),
            models.Index(fields=["actor", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.get_event_type_display()} at {self.created_at:%Y-%m-%d %H:%M}"
