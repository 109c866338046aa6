"""/roles/<id>/: what the role owns, its seats, and where the viewer stands with it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render

from crowddo.errors import DomainError, RoleFull
from people.models import VolunteerProfile
from roles import selectors, services
from roles.views.common import capacity


def detail_context(request, role, notice=None, notice_level="info") -> dict:
    ctx = {"role": role, "standing": selectors.standing(request.user, role),
           "notice": notice, "notice_level": notice_level,
           "initiative": role.initiative}
    ctx["handoff_notes"] = (selectors.handoff_notes(role) if selectors.may_read_handoffs(
        request.user, role, ctx["standing"]) else None)
    if request.user.is_authenticated:
        ctx["held_hours"] = services.active_hours(request.user)
        profile = VolunteerProfile.objects.filter(user=request.user).first()
        ctx["capacity"] = capacity(profile)
        ctx["over_capacity"] = ctx["held_hours"] + role.hours_per_week > ctx["capacity"]
    return ctx


def role_detail(request, pk):
    role = selectors.role_for(request.user, pk)
    return render(request, "roles/detail.html", detail_context(request, role))


def answer_on_role(request, role_pk, message, level=messages.SUCCESS):
    """No JS: message + redirect. htmx: the refreshed claim panel with the message in it."""
    if request.htmx:
        role = selectors.role_for(request.user, role_pk)
        tag = messages.DEFAULT_TAGS[level]
        return render(request, "roles/detail.html#claim_panel",
                      detail_context(request, role, notice=message, notice_level=tag))
    messages.add_message(request, level, message)
    return redirect("role_detail", pk=role_pk)


def act_on_role(request, pk, call, done, *, full=messages.ERROR):
    """A POST from the role page: `call(role)` runs one service; its refusal (a full role at
    the level `full`) or `done` — a message, or a function of the service's result — comes
    back on the page. Anonymous visitors are sent to log in first."""
    role = selectors.role_for(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(role.get_absolute_url())
    try:
        result = call(role)
    except RoleFull as exc:
        return answer_on_role(request, pk, exc.message, full)
    except DomainError as exc:
        return answer_on_role(request, pk, exc.message, messages.ERROR)
    return answer_on_role(request, pk, done(result) if callable(done) else done)
