"""Proposals in the admin: pending first; accepted or declined through the services."""

from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from people.admin.tenancy import action_form_response, report
from roles import services
from roles.admin.base import ServiceOnlyAdmin
from roles.forms import ProposalAcceptForm, ProposalDeclineForm
from roles.models import Proposal


@admin.register(Proposal)
class ProposalAdmin(ServiceOnlyAdmin):
    list_display = ("title", "initiative", "kind", "author", "status", "created_at")
    list_filter = ("status", "kind", "initiative")
    search_fields = ("title", "description")
    list_select_related = ("initiative", "author")
    actions = ["accept_proposals", "accept_with_roles", "decline_proposals"]

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
        form = ProposalAcceptForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(self, request, queryset, form, _("Accept proposals"))
        report(self, request, lambda: services.proposals_accept(
            proposals=queryset, actor=request.user, **form.cleaned_data),
            _("{n} proposals accepted; each proposer is offered the lead role's first seat."))
        return None

    @admin.action(description=_("Decline with a reason"), permissions=["manage"])
    def decline_proposals(self, request, queryset):
        form = ProposalDeclineForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(self, request, queryset, form, _("Decline proposals"))
        reason = form.cleaned_data["reason"]
        report(self, request, lambda: services.proposals_decline(
            proposals=queryset, reason=reason, actor=request.user), _("{n} proposals declined."))
