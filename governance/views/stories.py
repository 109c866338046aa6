"""A collective's stories page and the pictures of its stories, served through the access
policy: people tell stories about verified work or a moment of the collective; the
coordinator features them."""

from __future__ import annotations

from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crowddo import images
from crowddo.errors import DomainError
from governance import selectors as sel
from governance import services
from governance.forms import StoryForm
from governance.models import Story
from governance.views.common import acting_orgs, done
from initiatives import access as collectives
from people import access
from people.models import Organization
from roles.models import Contribution


def _story_subjects(request, collective) -> tuple[list, dict]:
    """Verified contributions the person may tell about, and the moment option."""
    user = request.user
    if not user.is_authenticated:
        return [], {}
    work = Contribution.objects.filter(
        claim__role__initiative__collective=collective, status=Contribution.Status.VERIFIED,
    ).filter(Q(claim__volunteer=user)
             | Q(organization_id__in=access.managed_org_ids(user))
             ).select_related("claim__role").order_by("-date", "-id")[:50]
    choices = {f"c{c.pk}": c for c in work}
    labels = [(k, f"{c.date:%d %b %Y} · {c.claim.role.title} · {c.micro_improvements}")
              for k, c in choices.items()]
    for org in acting_orgs(request, collective):
        key = f"o{org.pk}"
        choices[key] = org
        labels.append((key, _("A moment of the collective, told by %(org)s") % {"org": org.name}))
    return labels, choices


@require_http_methods(["GET", "POST"])
def stories(request, slug):
    collective = collectives.collective_for(request.user, slug)
    labels, choices = _story_subjects(request, collective)
    curating = collectives.is_coordinator(request.user, collective, managing=True)
    form = StoryForm(subjects=labels) if labels else None
    error, status = None, 200
    if request.method == "POST" and request.POST.get("action") == "feature" and curating:
        story = access.get_or_404(sel.stories_for(request.user, collective),
                                  pk=request.POST.get("story"))
        try:
            services.story_feature(story=story, actor=request.user,
                                   featured=request.POST.get("featured") == "1")
            return done(request, _("Saved."))
        except DomainError as exc:
            error, status = exc.message, exc.status_code
    elif request.method == "POST":
        if form is None:
            raise Http404(_("No story subject found."))
        form = StoryForm(request.POST, request.FILES, subjects=labels)
        if form.is_valid():
            try:
                _tell(request, collective, form.cleaned_data, choices)
                return done(request, _("Thank you: your story is saved."))
            except DomainError as exc:
                form.add_error("image" if "image" in exc.message.lower() else None, exc.message)
        status = 400
    listed = sel.stories_for(request.user, collective).order_by("-featured_at", "-created_at")
    return render(request, "governance/stories.html", {
        "collective": collective, "stories": listed[:60], "form": form, "error": error,
        "curating": curating,
    }, status=status)


def _tell(request, collective, data: dict, choices: dict) -> Story:
    subject = choices[data["subject"]]
    common = {"actor": request.user, "title": data["title"], "text": data["text"],
              "image": data["image"], "image_alt": data["image_alt"]}
    if isinstance(subject, Organization):
        return services.story_attach(collective=collective, organization=subject,
                                     moment=data["moment"], **common)
    return services.story_attach(contribution=subject, **common)


def story_image(request, slug, pk):
    """Serve a story's picture through the access policy and the storage API."""
    collective = collectives.collective_for(request.user, slug)
    story = access.get_or_404(sel.stories_for(request.user, collective), pk=pk)
    if not story.image:
        raise Http404(_("No image."))
    try:
        handle = story.image.storage.open(story.image.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("No image.")) from None
    response = FileResponse(handle, content_type=_content_type(story.image.name))
    response["Cache-Control"] = "private, max-age=3600"
    return response


_content_type = images.content_type
