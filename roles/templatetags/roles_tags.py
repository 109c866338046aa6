"""Role pieces for pages other apps own.

`initiatives` sits below `roles` and must not import it, so the initiative page pulls its open
roles and its proposal boxes in through these tags (as it pulls progress from dashboards).
"""

import datetime as dt

from django import template

from people import access
from roles import limits, selectors, services
from roles.forms import ProposalAcceptForm, ProposalDeclineForm, ProposalForm

register = template.Library()


@register.inclusion_tag("roles/_initiative_roles.html", takes_context=True)
def initiative_roles(context, initiative):
    roles = selectors.open_roles(context["user"]).filter(initiative=initiative)
    return {"initiative": initiative, "roles": roles.order_by("-created_at", "-id"),
            "user": context["user"]}


@register.inclusion_tag("roles/_initiative_pending_proposals.html", takes_context=True)
def initiative_pending_proposals(context, initiative):
    """Proposals an orchestrator may decide on here (none for anyone else)."""
    user = context["user"]
    if not user.is_authenticated:
        return {}
    return {"initiative": initiative, "csrf_token": context.get("csrf_token"),
            "pending_proposals": selectors.pending_proposals(user, initiative),
            # Whole initiatives proposed to the organization (issue 20): for its managers.
            "may_review": access.may_manage(user, initiative.organization_id),
            "accept_form": ProposalAcceptForm(), "decline_form": ProposalDeclineForm()}


@register.inclusion_tag("roles/_initiative_propose.html", takes_context=True)
def initiative_propose(context, initiative):
    return {"initiative": initiative, "user": context["user"],
            "csrf_token": context.get("csrf_token"), "proposal_form": ProposalForm()}


@register.simple_tag
def hours_held(user) -> int:
    """Hours a week the person has promised across every organization (the burnout guard's
    figure), for the profile page that people owns."""
    return services.active_hours(user)


@register.simple_tag
def roles_limit(name: str):
    """A bound from `roles.limits` for a template (`maxlength`, "for 48 hours"), so that no
    template retypes it: a number as it is, a hold as people say it."""
    value = getattr(limits, name)
    return limits.duration(value) if isinstance(value, dt.timedelta) else value
