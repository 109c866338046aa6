"""Governance pages of a collective: charter, coverage, accountability, stories.

Each view parses, authorizes through the selectors (which use the access policy), calls one
service and renders. A collective the person may not see answers 404; so does a page or a
row of another organization.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crowddo.errors import DomainError
from governance import selectors as sel
from governance import services as governance
from governance.forms import CharterForm, StoryForm
from governance.models import Charter, Commitment, CoveragePiece, Story
from initiatives import access as collectives
from initiatives.models import CollectiveMembership
from people import access
from people.models import Organization


def _acting_orgs(request, collective, *, invited_too: bool = False) -> list[Organization]:
    """Member organizations of the collective that the person orchestrates."""
    managed = access.managed_org_ids(request.user)
    members = collectives.member_org_ids_of(collective, active_only=not invited_too)
    if invited_too:
        members |= set(CollectiveMembership.objects.filter(collective=collective)
                       .values_list("organization_id", flat=True))
    return list(Organization.objects.filter(pk__in=managed & members).order_by("name"))


def _org_from_post(request, orgs: list[Organization]) -> Organization:
    chosen = {str(o.pk): o for o in orgs}.get(request.POST.get("organization", ""))
    if chosen is None:
        raise Http404(_("No such organization."))
    return chosen


def _done(request, message: str):
    messages.success(request, message)
    return redirect(request.path)


@require_http_methods(["GET", "POST"])
def charter(request, slug):
    collective = collectives.collective_for(request.user, slug, invited_too=True)
    orgs = _acting_orgs(request, collective, invited_too=True)
    coordinating = collectives.is_coordinator(request.user, collective, managing=True)
    form, error, status = None, None, 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "edit" and coordinating:
                form = CharterForm(request.POST)
                if form.is_valid():
                    governance.charter_update(collective=collective, actor=request.user,
                                              **form.cleaned_data)
                    return _done(request, _("The charter changed; the decision log says so."))
                status = 400
            else:
                org = _org_from_post(request, orgs)
                governance.charter_accept(collective=collective, organization=org,
                                          actor=request.user)
                return _done(request, _("%(org)s accepted the charter.") % {"org": org.name})
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


@require_http_methods(["GET", "POST"])
def coverage(request, slug):
    collective = collectives.collective_for(request.user, slug)
    orgs = _acting_orgs(request, collective)
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
    org = _org_from_post(request, orgs)
    if action == "release":
        governance.coverage_release(piece=piece, organization=org, actor=request.user)
        return _done(request, _("%(org)s no longer covers %(piece)s.")
                     % {"org": org.name, "piece": piece})
    governance.coverage_claim(piece=piece, organization=org, actor=request.user)
    return _done(request, _("%(org)s now covers %(piece)s.") % {"org": org.name, "piece": piece})


def _role_initiatives(request, collective, orgs):
    from initiatives.models import Initiative

    return Initiative.objects.filter(collective=collective, organization__in=orgs).exclude(
        status=Initiative.Status.CLOSED).select_related("organization").order_by("name")


def _gap_role(request, collective, piece, orgs):
    initiative = access.get_or_404(_role_initiatives(request, collective, orgs),
                                   pk=request.POST.get("initiative"))
    role = governance.coverage_gap_role(piece=piece, initiative=initiative, actor=request.user)
    return _done(request, _("Draft role “%(role)s” created in %(initiative)s; open it to say "
                            "how many hours and seats it needs.")
                 % {"role": role.title, "initiative": initiative.name})


@require_http_methods(["GET", "POST"])
def accountability(request, slug):
    collective = collectives.collective_for(request.user, slug)
    coordinator = collectives.is_coordinator(request.user, collective)
    own = collectives.member_org_ids_of(collective) & access.member_org_ids(request.user)
    if not (coordinator or own):
        raise Http404(_("No collective found."))
    orgs = _acting_orgs(request, collective)
    error, status = None, 200
    if request.method == "POST":
        org = _org_from_post(request, orgs)
        commitment = access.get_or_404(Commitment.objects.filter(collective=collective),
                                       pk=request.POST.get("commitment"))
        try:
            governance.commitment_mark(commitment=commitment, organization=org,
                                       actor=request.user, kept=request.POST.get("kept") == "1",
                                       note=request.POST.get("note", ""))
            return _done(request, _("Saved."))
        except DomainError as exc:
            error, status = exc.message, exc.status_code
    return render(request, "governance/accountability.html", {
        "collective": collective, "rows": sel.accountability_rows(request.user, collective),
        "is_coordinator": coordinator, "acting_org_ids": {o.pk for o in orgs}, "error": error,
    }, status=status)


def _story_subjects(request, collective) -> tuple[list, dict]:
    """Verified contributions the person may tell about, and the moment option."""
    from roles.models import Contribution

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
    for org in _acting_orgs(request, collective):
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
            governance.story_feature(story=story, actor=request.user,
                                     featured=request.POST.get("featured") == "1")
            return _done(request, _("Saved."))
        except DomainError as exc:
            error, status = exc.message, exc.status_code
    elif request.method == "POST":
        if form is None:
            raise Http404(_("No story subject found."))
        form = StoryForm(request.POST, request.FILES, subjects=labels)
        if form.is_valid():
            try:
                _tell(request, collective, form.cleaned_data, choices)
                return _done(request, _("Thank you: your story is saved."))
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
        return governance.story_attach(collective=collective, organization=subject,
                                       moment=data["moment"], **common)
    return governance.story_attach(contribution=subject, **common)


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


def _content_type(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(
        ext, "application/octet-stream")
