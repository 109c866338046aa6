"""Claims and waitlist entries in the admin: read-only, changed through the services' bulk
actions (release, nudge, expire). A role's page lists its claims with Release… / Nudge… /
Extend… on each active row: pages that run the same actions on that one claim (or, for
Extend, the role's "extend stale days" action), then return to the role's page."""

from functools import partial

from django import forms
from django.contrib import admin
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from people.admin.tenancy import Need, action_form_response, form_action, report
from roles import limits, services
from roles.admin.base import ReadOnlyInline, ServiceOnlyAdmin
from roles.models import Claim, WaitlistEntry
from roles.selectors import attention


class ClaimInline(ReadOnlyInline):
    """A role's claims on its page; each active row has Release… / Nudge… / Extend… (a page
    that asks first, runs the claims list's action on that claim, and comes back here)."""

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
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a> '
            '<a class="button" href="{}" title="{}">{}</a>',
            reverse("admin:roles_claim_release", args=[claim.pk]), _("Release…"),
            reverse("admin:roles_claim_nudge", args=[claim.pk]), _("Nudge…"),
            reverse("admin:roles_role_extend_stale", args=[claim.role_id]),
            _("More days before this role's claims go stale"), _("Extend…"))


class ConfirmForm(forms.Form):
    """No input: the page only asks before an action that e-mails someone."""


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

    def get_urls(self):
        def one(name, action):
            return path(f"<path:object_id>/{name}/",
                        self.admin_site.admin_view(partial(self.one_claim_view, action=action)),
                        name=f"roles_claim_{name}")
        return [one("release", "release_claims"), one("nudge", "nudge_claims"),
                *super().get_urls()]

    def one_claim_view(self, request, object_id, action):
        """Run `action` (the changelist's own, with its permission) on one active claim in
        the user's scope; another organization's claim is 404 and nothing changes."""
        claim = self.get_object(request, object_id)
        if claim is None or claim.status != Claim.Status.ACTIVE:
            raise Http404("No active claim found.")
        run, _name, title = self.get_actions(request).get(action) or (None, None, None)
        if run is None:
            raise Http404("No such action here.")
        one = self.get_queryset(request).filter(pk=claim.pk)
        if action != "release_claims" and "apply" not in request.POST:
            return action_form_response(self, request, one, ConfirmForm(), title)
        response = run(self, request, one)  # the release form page until a reason is given
        return response or redirect("admin:roles_role_change", claim.role_id)

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
