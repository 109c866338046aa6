from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crowddo.errors import DomainError
from people import services
from people.forms import ProfileForm
from people.models import VolunteerProfile


@login_required
def profile(request):
    user = request.user
    current = VolunteerProfile.objects.filter(user=user).prefetch_related("skills", "regions")
    current = current.first() or VolunteerProfile(user=user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.profile_update(user=user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("profile")
    else:
        initial = {"display_name": user.display_name, "show_in_reports": user.show_in_reports,
                   "wants_messages": user.wants_messages, "language": user.language,
                   "bio": current.bio, "weekly_capacity_hours": current.weekly_capacity_hours}
        if current.pk:
            initial |= {"skills": list(current.skills.all()),
                        "regions": list(current.regions.all())}
        form = ProfileForm(initial=initial)
    return render(request, "people/profile.html", {
        "form": form, "capacity": current.weekly_capacity_hours,  # hours held: roles_tags
    })


@require_http_methods(["GET", "POST"])
def messages_stop(request, token: str):
    """The opt-out link of orchestrator messages: GET asks, POST stops them (a mail scanner
    that fetches links changes nothing)."""
    done, error = False, None
    if request.method == "POST":
        try:
            services.messages_stop(token=token)
            done = True
        except DomainError as exc:
            error = exc.message
    return render(request, "people/messages_stop.html", {"done": done, "error": error},
                  status=400 if error else 200)
