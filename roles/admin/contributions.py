"""Contributions and verifications in the admin: read-only, with the feedback exchange inline;
verified, sent back, confirmed after a hold or retracted through the services' bulk actions."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from people.admin.tenancy import Need, form_action, report
from roles import services
from roles.admin.base import ReadOnlyInline, ServiceOnlyAdmin
from roles.forms import RetractForm, SendBackForm
from roles.models import Contribution, Resubmission, Verification
from roles.selectors import attention


class VerificationInline(ReadOnlyInline):
    """The feedback exchange on a contribution: the verdicts."""

    model = Verification
    fields = ("created_at", "outcome", "verifier", "comment", "by_past_holder", "by_mentor")
    readonly_fields = fields
    verbose_name_plural = _("verdicts (verified / sent back)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("verifier")


class ResubmissionInline(ReadOnlyInline):
    """The feedback exchange on a contribution: the contributor's answers."""

    model = Resubmission
    fields = ("created_at", "author", "note", "hours_before", "hours_after")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(Contribution)
class ContributionAdmin(ServiceOnlyAdmin):
    list_display = ("claim_role", "volunteer", "date", "hours", "micro_improvements", "status",
                    "updated_at")
    needs = {
        "waiting": Need(_("Waiting for a peer for more than a week"),
                        attention.waiting_for_a_peer_too_long, ("updated_at", "pk")),
        "held": Need(_("Held for review"), attention.held_reports, ("created_at", "pk")),
    }
    list_filter = ("status", "date", "claim__role__initiative", "region")
    search_fields = ("claim__role__title", "note")
    list_select_related = ("claim__role", "claim__volunteer")
    actions = ["verify_contributions", "send_back_contributions", "confirm_held_contributions",
               "retract_contributions"]
    inlines = [VerificationInline, ResubmissionInline]
    # The picture only through the access-checked view, never as a direct media link.
    readonly_fields = ("evidence_picture",)

    def get_readonly_fields(self, request, obj=None):
        return [f for f in super().get_readonly_fields(request, obj) if f != "evidence_image"]

    def get_fields(self, request, obj=None):
        return [f for f in super().get_fields(request, obj) if f != "evidence_image"]

    @admin.display(description=_("evidence (a picture)"))
    def evidence_picture(self, c):
        if not c.evidence_image:
            return "—"
        url = reverse("contribution_evidence_image", args=[c.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" '
                           'style="max-width:320px;height:auto"></a>', url, url,
                           _("Picture attached as evidence"))

    @admin.display(description=_("role"))
    def claim_role(self, c):
        return c.claim.role

    @admin.display(description=_("volunteer"))
    def volunteer(self, c):
        return c.claim.volunteer

    @admin.action(description=_("Verify the selected contributions"), permissions=["manage"])
    def verify_contributions(self, request, queryset):
        report(self, request, lambda: services.contributions_verify(
            contributions=queryset, actor=request.user), _("{n} contributions verified."))

    @admin.action(description=_("Send back with a comment (needs changes)"),
                  permissions=["manage"])
    def send_back_contributions(self, request, queryset):
        return form_action(
            self, request, queryset, SendBackForm, _("Send contributions back"),
            lambda data: services.contributions_send_back(
                contributions=queryset, comment=data["comment"], actor=request.user),
            _("{n} contributions sent back; the contributors are notified."))

    @admin.action(description=_("Confirm the selected reports held for review"),
                  permissions=["manage"])
    def confirm_held_contributions(self, request, queryset):
        report(self, request, lambda: services.contributions_hold_confirm(
            contributions=queryset, actor=request.user),
            _("{n} held reports confirmed; they count from the next roll-up."))

    @admin.action(description=_("Retract verified contributions (with a reason)"),
                  permissions=["manage"])
    def retract_contributions(self, request, queryset):
        return form_action(
            self, request, queryset, RetractForm, _("Retract verified contributions"),
            lambda data: services.contributions_retract(
                contributions=queryset, reason=data["reason"], actor=request.user),
            _("{n} contributions retracted; they no longer count."))


@admin.register(Verification)
class VerificationAdmin(ServiceOnlyAdmin):
    list_display = ("__str__", "claim", "contribution", "outcome", "created_at")
    list_filter = ("outcome",)
    list_select_related = ("verifier", "claim__role", "claim__volunteer",
                           "contribution__claim__role")
