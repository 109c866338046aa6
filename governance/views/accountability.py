"""A collective's accountability page: the coordinator sees every member's commitments, a
member organization its own; members mark the commitments the data cannot show."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crowddo.errors import DomainError
from governance import selectors as sel
from governance import services
from governance.models import COMMITMENT_NOTE_MAX, Commitment
from governance.views.common import acting_orgs, done, org_from_post
from initiatives import access as collectives
from people import access


@require_http_methods(["GET", "POST"])
def accountability(request, slug):
    collective = collectives.collective_for(request.user, slug)
    coordinator = collectives.is_coordinator(request.user, collective)
    if not collectives.may_see_accountability(request.user, collective):
        raise Http404(_("No collective found."))
    orgs = acting_orgs(request, collective)
    error, status = None, 200
    if request.method == "POST":
        org = org_from_post(request, orgs)
        commitment = access.get_or_404(Commitment.objects.filter(collective=collective),
                                       pk=request.POST.get("commitment"))
        try:
            services.commitment_mark(commitment=commitment, organization=org,
                                     actor=request.user, kept=request.POST.get("kept") == "1",
                                     note=request.POST.get("note", ""))
            return done(request, _("Saved."))
        except DomainError as exc:
            error, status = exc.message, exc.status_code
    return render(request, "governance/accountability.html", {
        "collective": collective, "rows": sel.accountability_rows(request.user, collective),
        "is_coordinator": coordinator, "acting_org_ids": {o.pk for o in orgs}, "error": error,
        "note_max": COMMITMENT_NOTE_MAX,
    }, status=status)
