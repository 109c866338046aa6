"""Proposals in the admin (of a role, of a whole initiative): pending first; accepted or
declined through the services, on the row or as bulk actions."""

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
from roles.forms import InitiativeProposalAcceptForm, ProposalAcceptForm, ProposalDeclineForm
from roles.models import InitiativeProposal, Proposal
from roles.selectors import attention
from roles.services import initiative_proposals


class DecideOnTheRow(ServiceOnlyAdmin):
    """Pending rows first, each starting with "Accept…" and "Decline…" buttons (the decision
    column first, so a phone shows them before the row scrolls) that open the same form pages as
    the bulk actions `accept_action` and `decline_action`, for this one row. The buttons' labels
    never wrap: they stack in a narrow column (static/admin/crowddo_decide.css)."""

    accept_action = decline_action = ""

    class Media:
        css = {"all": ("admin/crowddo_decide.css",)}
    needs = {"pending": Need(_("Waiting for a decision"), attention.undecided_proposals,
                             ("created_at", "pk"))}

    def _decide_url(self) -> str:
        opts = self.model._meta
        return f"admin:{opts.app_label}_{opts.model_name}_decide"

    @admin.display(description=_("decide"))
    def decide(self, proposal):
        if proposal.status != Proposal.Status.PENDING:
            return ""
        url = self._decide_url()
        return format_html('<a class="button decide" href="{}">{}</a> '
                           '<a class="button decide" href="{}">{}</a>',
                           reverse(url, args=[proposal.pk, "accept"]), _("Accept…"),
                           reverse(url, args=[proposal.pk, "decline"]), _("Decline…"))

    def get_urls(self):
        decide = path("<path:object_id>/decide/<str:verdict>/",
                      self.admin_site.admin_view(self.decide_view),
                      name=self._decide_url().removeprefix("admin:"))
        return [decide, *super().get_urls()]

    def decide_view(self, request, object_id, verdict):
        if not self.has_manage_permission(request):
            raise PermissionDenied
        one = self.get_queryset(request).filter(pk=object_id, status=Proposal.Status.PENDING) \
            if str(object_id).isdigit() else self.model.objects.none()
        if not one.exists():
            raise Http404("No pending proposal found.")
        name = {"accept": self.accept_action, "decline": self.decline_action}.get(verdict)
        if name is None:
            raise Http404("Accept or decline.")
        response = getattr(self, name)(request, one)
        opts = self.model._meta
        return response or redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def get_queryset(self, request):
        pending_first = Case(When(status=Proposal.Status.PENDING, then=Value(0)),
                             default=Value(1), output_field=IntegerField())
        return super().get_queryset(request).order_by(pending_first, "-created_at")


@admin.register(Proposal)
class ProposalAdmin(DecideOnTheRow):
    list_display = ("decide", "title", "initiative", "kind", "author", "status", "created_at")
    list_display_links = ("title",)
    list_filter = ("status", "kind", "initiative")
    search_fields = ("title", "description")
    list_select_related = ("initiative", "author")
    actions = ["accept_proposals", "accept_with_roles", "decline_proposals"]
    accept_action, decline_action = "accept_with_roles", "decline_proposals"

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


@admin.register(InitiativeProposal)
class InitiativeProposalAdmin(DecideOnTheRow):
    """Volunteers' proposals of whole initiatives to the organization: accepted into a draft
    initiative (lead role credited to the proposer, offered to them once it is published) or
    declined with a reason the proposer reads under My proposals."""

    list_display = ("decide", "name", "organization", "author", "status", "created_at",
                    "initiative")
    list_display_links = ("name",)
    list_filter = ("status", "organization")
    search_fields = ("name", "purpose")
    list_select_related = ("organization", "author", "initiative")
    actions = ["accept_initiative_proposals", "decline_initiative_proposals"]
    accept_action, decline_action = actions

    @admin.action(description=_("Accept into draft initiatives…"), permissions=["manage"])
    def accept_initiative_proposals(self, request, queryset):
        return form_action(
            self, request, queryset, InitiativeProposalAcceptForm, _("Accept proposals"),
            lambda data: initiative_proposals.initiative_proposals_accept(
                proposals=queryset, actor=request.user, **data),
            _("{n} proposals accepted into draft initiatives; publish one to offer its "
              "proposer the lead role."))

    @admin.action(description=_("Decline with a reason"), permissions=["manage"])
    def decline_initiative_proposals(self, request, queryset):
        return form_action(
            self, request, queryset, ProposalDeclineForm, _("Decline proposals"),
            lambda data: initiative_proposals.initiative_proposals_decline(
                proposals=queryset, reason=data["reason"], actor=request.user),
            _("{n} proposals declined."))
