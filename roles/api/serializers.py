"""REST representations of roles (open data) and of an organization's claims,
contributions and proposals (key holders only)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from initiatives.api.serializers import RegionRefSerializer
from people.api.serializers import VolunteerRefSerializer
from people.models import Skill
from roles import levels, limits
from roles.models import (
    Capability,
    Claim,
    Contribution,
    InitiativeProposal,
    Proposal,
    Resubmission,
    Role,
    Verification,
)


class InitiativeRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class RoleSerializer(serializers.ModelSerializer):
    initiative = InitiativeRefSerializer(read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    skills = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    seats_taken = serializers.IntegerField(read_only=True)
    seats_offered = serializers.IntegerField(
        read_only=True, help_text=_("Seats held for someone offered one (waitlist, apprentice, "
                                    "proposer) until they answer or the offer lapses."))
    seats_left = serializers.IntegerField(
        source="seats_free", read_only=True,
        help_text=_("Seats that can be claimed now: seats − seats_taken − seats_offered."))
    apprentice_seats_left = serializers.IntegerField(source="apprentice_seats_free",
                                                     read_only=True)

    class Meta:
        model = Role
        fields = ["id", "title", "responsibility", "success_looks_like", "initiative",
                  "organization", "capability", "hours_per_week", "duration_weeks", "seats",
                  "seats_taken", "seats_offered", "seats_left", "apprentice_seats",
                  "apprentice_seats_left", "term_weeks", "skills", "region", "is_remote", "status",
                  "stale_after_days", "created_at", "updated_at"]


class RoleWriteSerializer(serializers.Serializer):
    """What a write-scoped key may set. Rules (who, seats, ranges) live in roles.services."""

    initiative = serializers.SlugField(help_text=_("Slug of one of the key's initiatives."))
    title = serializers.CharField(max_length=limits.TITLE_MAX)
    responsibility = serializers.CharField(max_length=240)
    success_looks_like = serializers.CharField(required=False, allow_blank=True)
    capability = serializers.ChoiceField(choices=Capability.choices)
    hours_per_week = serializers.IntegerField(min_value=1, max_value=limits.ROLE_HOURS_MAX,
                                              required=False)
    duration_weeks = serializers.IntegerField(min_value=1, max_value=520, required=False)
    seats = serializers.IntegerField(min_value=1, max_value=limits.SEATS_MAX, required=False)
    apprentice_seats = serializers.IntegerField(min_value=0, max_value=limits.SEATS_MAX,
                                                required=False)
    term_weeks = serializers.IntegerField(
        min_value=1, max_value=520, required=False, allow_null=True,
        help_text=_("Weeks a holder serves before choosing to renew or hand over; null: no term."))
    stale_after_days = serializers.IntegerField(min_value=1, max_value=limits.MAX_STALE_DAYS,
                                                required=False)
    status = serializers.ChoiceField(choices=Role.Status.choices, required=False)
    is_remote = serializers.BooleanField(required=False)
    region = serializers.IntegerField(required=False, allow_null=True,
                                      help_text=_("Region id."), min_value=1)
    skills = serializers.ListField(child=serializers.SlugField(), required=False,
                                   max_length=50, help_text=_("Skill slugs."))

    def validate_skills(self, slugs):
        skills = list(Skill.objects.filter(slug__in=slugs))
        missing = sorted(set(slugs) - {s.slug for s in skills})
        if missing:
            raise serializers.ValidationError(
                gettext("Unknown skills: %(slugs)s.") % {"slugs": ", ".join(missing)})
        return skills


class RoleUpdateSerializer(RoleWriteSerializer):
    """PATCH: every field optional; the initiative of a role never changes."""

    initiative = None

    def __init__(self, *args, **kwargs):
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class LevelSerializer(serializers.Serializer):
    """A volunteer's level in the one level system (`roles.levels.LEVELS`)."""

    number = serializers.IntegerField(read_only=True, help_text=_("0: no level yet."))
    key = serializers.CharField(read_only=True, allow_null=True)
    name = serializers.CharField(read_only=True, allow_null=True)

    def to_representation(self, number):
        level = levels.level_at(number or 0)
        return {"number": number or 0, "key": level.key if level else None,
                "name": str(level.name) if level else None}


class ClaimSerializer(serializers.ModelSerializer):
    role = serializers.PrimaryKeyRelatedField(read_only=True)
    initiative = serializers.SlugRelatedField(source="role.initiative", slug_field="slug",
                                              read_only=True)
    volunteer = VolunteerRefSerializer(read_only=True)
    mentor = VolunteerRefSerializer(read_only=True, allow_null=True,
                                    help_text=_("For an apprentice seat: their mentor."))
    volunteer_level = LevelSerializer(
        source="volunteer_level_number", read_only=True,
        help_text=_("The volunteer's level, earned from verified work only (as on their /me/ "
                    "page and in level-up milestones); as of the last roll-up."))

    class Meta:
        model = Claim
        fields = ["id", "role", "initiative", "volunteer", "volunteer_level", "kind", "mentor",
                  "status",
                  "claimed_at", "last_activity_at", "completed_at", "verified_at", "ended_at",
                  "term_ends_at", "renewed_at", "handoff_note", "handoff_open", "handoff_ask"]


class VerificationRefSerializer(serializers.ModelSerializer):
    """One verdict on a contribution: verified or sent back, with the comment."""

    verifier = VolunteerRefSerializer(read_only=True)

    class Meta:
        model = Verification
        fields = ["id", "outcome", "comment", "verifier", "by_past_holder", "by_mentor",
                  "created_at"]


class ResubmissionSerializer(serializers.ModelSerializer):
    """The contributor's answer to a send-back and the hours before and after."""

    class Meta:
        model = Resubmission
        fields = ["id", "note", "hours_before", "hours_after", "created_at"]


class ContributionSerializer(serializers.ModelSerializer):
    role = serializers.IntegerField(source="claim.role_id", read_only=True)
    volunteer = VolunteerRefSerializer(source="claim.volunteer", read_only=True)
    region = RegionRefSerializer(read_only=True, allow_null=True)
    verifications = VerificationRefSerializer(many=True, read_only=True,
                                              help_text=_("Verdicts, oldest first."))
    resubmissions = ResubmissionSerializer(many=True, read_only=True,
                                           help_text=_("Answers to send-backs, oldest first."))

    class Meta:
        model = Contribution
        fields = ["id", "claim", "role", "volunteer", "date", "hours", "micro_improvements",
                  "region", "note", "status", "created_at", "updated_at", "verifications",
                  "resubmissions"]


class ProposalSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = VolunteerRefSerializer(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "initiative", "author", "kind", "title", "description", "status",
                  "decline_reason", "decided_at", "resulting_role", "created_at"]


class InitiativeProposalSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = VolunteerRefSerializer(read_only=True)
    sdgs = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    initiative = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True,
        help_text=_("The draft initiative an accepted proposal became."))
    lead_role = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text=_("Its lead role, offered to the author once the initiative is published."))

    class Meta:
        model = InitiativeProposal
        fields = ["id", "organization", "author", "name", "purpose", "sdgs", "goal_label",
                  "goal_target", "first_roles", "status", "decline_reason", "decided_at",
                  "initiative", "lead_role", "created_at"]
