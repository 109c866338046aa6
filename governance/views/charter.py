"""A collective's charter page: everyone who may see the collective reads it; an organization
only invited sees it too (it is asked to accept it); members accept each version; the
coordinator changes it."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crowddo.errors import DomainError
from governance import selectors as sel
from governance import services
from governance.forms import CharterForm
from governance.models import Charter
from governance.views.common import acting_orgs, done, org_from_post
from initiatives import access as collectives
from people import access


@require_http_methods(["GET", "POST"])
def charter(request, slug):
    collective = collectives.collective_for(request.user, slug, invited_too=True)
    orgs = acting_orgs(request, collective, invited_too=True)
    coordinating = collectives.is_coordinator(request.user, collective, managing=True)
    form, error, status = None, None, 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "edit" and coordinating:
                form = CharterForm(request.POST)
                if form.is_valid():
                    services.charter_update(collective=collective, actor=request.user,
                                            **form.cleaned_data)
                    return done(request, _("The charter changed; the decision log says so."))
                status = 400
            else:
                org = org_from_post(request, orgs)
                services.charter_accept(collective=collective, organization=org,
                                        actor=request.user)
                return done(request, _("%(org)s accepted the charter.") % {"org": org.name})
        except DomainError as exc:
            error, status = exc.message, exc.status_code
    current = sel.charter_of(collective)
    if coordinating and form is None:
        form = CharterForm(initial=_charter_initial(current))
    accepted = {a.organization_id for a in current.acceptances.all()
                if a.version == current.version} if current else set()
    return render(request, "governance/charter.html", {
        "collective": collective, "charter": current, "form": form, "error": error,
        "commitments": sel.commitments_of(collective),
        "can_accept": [o for o in orgs if o.pk not in accepted] if current else [],
        "is_member": bool(collectives.member_org_ids_of(collective)
                          & access.member_org_ids(request.user)),
    }, status=status)


def _charter_initial(current: Charter | None) -> dict:
    if current is None:
        return {}
    return {"purpose": current.purpose, "theory_of_change": current.theory_of_change,
            "principles": current.principles}
