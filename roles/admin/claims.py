"""Claims and waitlist entries in the admin: read-only, changed through the services' bulk
actions (release, expire)."""

from django import forms
from django.contrib import admin
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from people.admin.tenancy import Need, form_action, report
from roles import limits, services
from roles.admin.base import ReadOnlyInline, ServiceOnlyAdmin
from roles.models import Claim, WaitlistEntry
from roles.selectors import attention


class ClaimInline(ReadOnlyInline):
    """A role's claims on its page; "release, nudge…" opens the claim in the claims list,
    where the actions (with their confirmation pages) apply to it."""

    model = Claim
    fields = ("volunteer", "kind", "mentor", "status", "claimed_at", "last_activity_at",
              "ended_at", "act")
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("volunteer", "mentor")

    @admin.display(description=_("act"))
    def act(self, claim):
        if claim.pk is None or claim.status != Claim.Status.ACTIVE:
            return ""
        url = reverse("admin:roles_claim_changelist") + f"?id__exact={claim.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Release, nudge…"))


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are these claims released? (each holder reads it)"),
        max_length=limits.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reason: the holders are told why their seat "
                                      "was freed.")})


@admin.register(Claim)
class ClaimAdmin(ServiceOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("role", "volunteer", "kind", "mentor", "status", "stale", "claimed_at",
                    "last_activity_at", "term_ends_at")
    list_filter = ("status", "kind", "role__initiative", "claimed_at")
    search_fields = ("role__title", "volunteer__display_name")
    list_select_related = ("role", "volunteer", "mentor")
    actions = ["release_claims", "nudge_claims", "expire_claims"]
    needs = {
        "stale": Need(_("Stale: past the warning point"), attention.stale_claims,
                      ("last_activity_at", "pk")),
        "expired": Need(_("Expired this week"), attention.recently_expired_claims,
                        ("ended_at", "pk")),
        "term_ending": Need(_("Term ending within two weeks"), attention.terms_ending,
                            ("term_ends_at", "pk")),
    }

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        stale = attention.stale_claims(Claim.objects.filter(pk__in=qs.values("pk")))
        return qs.annotate(is_stale=ExpressionWrapper(
            Q(pk__in=stale.values("pk")), output_field=BooleanField()))

    @admin.display(description=_("stale"), boolean=True, ordering="is_stale")
    def stale(self, claim):
        """Past the warning point of its role's stale days (roles.selectors.attention)."""
        return claim.is_stale

    @admin.action(description=_("Release the selected claims (asks for a reason)…"),
                  permissions=["manage"])
    def release_claims(self, request, queryset):
        """A confirmation page with the reason the holders are told; then the seats free."""
        return form_action(
            self, request, queryset, ReleaseForm, _("Release claims: the holders are told why"),
            lambda data: services.claims_release(claims=queryset, actor=request.user,
                                                 reason=data["reason"]),
            _("{n} claims released; each holder is e-mailed your reason."))

    @admin.action(description=_("Nudge: send the holders the renew e-mail now"),
                  permissions=["manage"])
    def nudge_claims(self, request, queryset):
        report(self, request, lambda: services.claims_nudge(claims=queryset, actor=request.user),
               _("{n} holders nudged (claims that are not active were left alone)."))

    @admin.action(description=_("Expire the selected claims"), permissions=["manage"])
    def expire_claims(self, request, queryset):
        report(self, request, lambda: services.claims_expire(
            claims=queryset, actor=request.user), _("{n} claims expired."))


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ServiceOnlyAdmin):
    list_display = ("role", "volunteer", "status", "created_at", "offer_expires_at")
    list_filter = ("status", "role__initiative")
    list_select_related = ("role", "volunteer")
