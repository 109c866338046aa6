"""Proposals in the admin: pending first; accepted or declined through the services."""

from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from people.admin.tenancy import Need, form_action, report
from roles import services
from roles.admin.base import ServiceOnlyAdmin
from roles.forms import ProposalAcceptForm, ProposalDeclineForm
from roles.models import Proposal
from roles.selectors import attention


@admin.register(Proposal)
class ProposalAdmin(ServiceOnlyAdmin):
    list_display = ("title", "initiative", "kind", "author", "status", "created_at")
    list_filter = ("status", "kind", "initiative")
    search_fields = ("title", "description")
    list_select_related = ("initiative", "author")
    actions = ["accept_proposals", "accept_with_roles", "decline_proposals"]
    needs = {"pending": Need(_("Waiting for a decision"), attention.undecided_proposals,
                             ("created_at", "pk"))}

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
