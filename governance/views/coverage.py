"""A collective's coverage page: the region × theme grid; member organizations cover pieces or
turn a gap into a draft role."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crowddo.errors import DomainError
from governance import selectors as sel
from governance import services
from governance.models import CoveragePiece
from governance.views.common import acting_orgs, done, org_from_post
from initiatives import access as collectives
from initiatives.models import Initiative
from people import access


@require_http_methods(["GET", "POST"])
def coverage(request, slug):
    collective = collectives.collective_for(request.user, slug)
    orgs = acting_orgs(request, collective)
    error, status = None, 200
    if request.method == "POST":
        piece = access.get_or_404(CoveragePiece.objects.filter(collective=collective)
                                  .select_related("region", "theme", "collective"),
                                  pk=request.POST.get("piece"))
        try:
            return _coverage_action(request, collective, piece, orgs)
        except DomainError as exc:
            error, status = exc.message, exc.status_code
    return render(request, "governance/coverage.html", {
        "collective": collective, "coverage": sel.coverage_grid(collective),
        "acting_orgs": orgs, "error": error,
        "role_initiatives": _role_initiatives(request, collective, orgs),
    }, status=status)


def _coverage_action(request, collective, piece, orgs):
    action = request.POST.get("action")
    if action == "role":
        return _gap_role(request, collective, piece, orgs)
    org = org_from_post(request, orgs)
    if action == "release":
        services.coverage_release(piece=piece, organization=org, actor=request.user)
        return done(request, _("%(org)s no longer covers %(piece)s.")
                     % {"org": org.name, "piece": piece})
    services.coverage_claim(piece=piece, organization=org, actor=request.user)
    return done(request, _("%(org)s now covers %(piece)s.") % {"org": org.name, "piece": piece})


def _role_initiatives(request, collective, orgs):
    return Initiative.objects.filter(collective=collective, organization__in=orgs).exclude(
        status=Initiative.Status.CLOSED).select_related("organization").order_by("name")


def _gap_role(request, collective, piece, orgs):
    initiative = access.get_or_404(_role_initiatives(request, collective, orgs),
                                   pk=request.POST.get("initiative"))
    role = services.coverage_gap_role(piece=piece, initiative=initiative, actor=request.user)
    return done(request, _("Draft role “%(role)s” created in %(initiative)s; open it to say "
                            "how many hours and seats it needs.")
                 % {"role": role.title, "initiative": initiative.name})
