from django.shortcuts import render

from crowddo.page_cache import public_page
from initiatives import selectors
from initiatives.models import Initiative


@public_page
def home(request):
    initiatives = (
        selectors.initiatives_for(request.user)
        .filter(status=Initiative.Status.ACTIVE)
        .prefetch_related("sdgs")
        .order_by("-created_at")[:12]
    )
    return render(request, "home.html", {"initiatives": initiatives})
