"""Taking an apprentice seat from the role page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crowddo.errors import DomainError
from roles import selectors, services
from roles.models import Claim
from roles.views.role_page import answer_on_role


@require_POST
def role_apprentice(request, pk):
    role = selectors.role_for(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(role.get_absolute_url())
    try:
        claim = services.claim_role(role=role, volunteer=request.user,
                                    kind=Claim.Kind.APPRENTICE)
    except DomainError as exc:
        return answer_on_role(request, pk, exc.message, messages.ERROR)
    return answer_on_role(request, pk, _("You are an apprentice of this role; your mentor is "
                                         "%(who)s. Log your work from My roles.")
                          % {"who": claim.mentor.public_name})
