"""Taking an apprentice seat from the role page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roles import services
from roles.models import Claim
from roles.views.role_page import act_on_role


@require_POST
def role_apprentice(request, pk):
    return act_on_role(
        request, pk, lambda role: services.claim_role(role=role, volunteer=request.user,
                                                      kind=Claim.Kind.APPRENTICE),
        lambda claim: _("You are an apprentice of this role; your mentor is %(who)s. Log your "
                        "work from My roles.") % {"who": claim.mentor.public_name})
