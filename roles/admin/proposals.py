"""Proposals in the admin: pending first; accepted or declined through the services."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from people.admin.tenancy import Need, form_action, report
from roles import services
from roles.admin.base import ServiceOnlyAdmin
from roles.forms import ProposalAcceptForm, ProposalDeclineForm
from roles.models import Proposal
from roles.selectors import attention


@admin.register(Proposal)
class ProposalAdmin(ServiceOnlyAdmin):
    list_display = ("title", "initiative", "kind", "author", "status", "created_at", "decide")
    list_filter = ("status", "kind", "initiative")
    search_fields = ("title", "description")
    list_select_related = ("initiative", "author")
    actions = ["accept_proposals", "accept_with_roles", "decline_proposals"]
    needs = {"pending": Need(_("Waiting for a decision"), attention.undecided_proposals,
                             ("created_at", "pk"))}

    @admin.display(description=_("decide"))
    def decide(self, proposal):
        """Accept or decline on the row: the same form pages as the actions, for this one."""
        if proposal.status != Proposal.Status.PENDING:
            return ""
        base = reverse("admin:roles_proposal_decide", args=[proposal.pk, "accept"])
        return format_html('<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
                           base, _("Accept…"),
                           reverse("admin:roles_proposal_decide", args=[proposal.pk, "decline"]),
                           _("Decline…"))

    def get_urls(self):
        decide = path("<path:object_id>/decide/<str:verdict>/",
                      self.admin_site.admin_view(self.decide_view),
                      name="roles_proposal_decide")
        return [decide, *super().get_urls()]

    def decide_view(self, request, object_id, verdict):
        if not self.has_manage_permission(request):
            raise PermissionDenied
        one = self.get_queryset(request).filter(pk=object_id, status=Proposal.Status.PENDING) \
            if str(object_id).isdigit() else Proposal.objects.none()
        if not one.exists():
            raise Http404("No pending proposal found.")
        run = {"accept": self.accept_with_roles, "decline": self.decline_proposals}.get(verdict)
        if run is None:
            raise Http404("Accept or decline.")
        response = run(request, one)
        return response or redirect("admin:roles_proposal_changelist")

    def get_queryset(self, request):
        pending_first = Case(When(status=Proposal.Status.PENDING, then=Value(0)),
                             default=Value(1), output_field=IntegerField())
        return super().get_queryset(request).order_by(pending_first, "-created_at")

    @admin.action(description=_("Accept: create the role, credited to the proposer"),
                  permissions=["manage"])
    def accept_proposals(self, request, queryset):
        report(self, request, lambda: services.proposals_accept(
            proposals=queryset, actor=request.user),
            _("{n} proposals accepted; their roles are open."))

    @admin.action(description=_("Accept with hours, seats and supporting roles…"),
                  permissions=["manage"])
    def accept_with_roles(self, request, queryset):
        return form_action(
            self, request, queryset, ProposalAcceptForm, _("Accept proposals"),
            lambda data: services.proposals_accept(proposals=queryset, actor=request.user, **data),
            _("{n} proposals accepted; each proposer is offered the lead role's first seat."))

    @admin.action(description=_("Decline with a reason"), permissions=["manage"])
    def decline_proposals(self, request, queryset):
        return form_action(
            self, request, queryset, ProposalDeclineForm, _("Decline proposals"),
            lambda data: services.proposals_decline(
                proposals=queryset, reason=data["reason"], actor=request.user),
            _("{n} proposals declined."))
