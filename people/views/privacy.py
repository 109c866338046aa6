"""The person's own data: a download page and account deletion (GDPR-style rights)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from crowddo.errors import DomainError
from people.forms import DeleteAccountForm
from people.privacy import privacy_delete, privacy_export


def _json_download(request) -> HttpResponse:
    data = privacy_export(request.user, request=request)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"crowddo-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def privacy_export_view(request):
    """GET: the page; POST (or GET ?format=json): the JSON file of all my data."""
    if request.method == "POST" or request.GET.get("format") == "json":
        return _json_download(request)
    return render(request, "people/privacy_export.html")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def privacy_delete_view(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            privacy_delete(user=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for your work."))
            return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(request, "people/privacy_delete.html", {"form": form}, status=status)
