"""The demo collective's governance: charter, commitments, coverage with gaps, and stories."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from governance import services as governance
from governance.models import Charter, Commitment, CoverageClaim, Story, Theme
from governance.services import commitment_status
from initiatives.models import Collective, Region
from people.models import Organization
from roles import services
from roles.models import Contribution
from seeding.demo.data import COVERED, THEMES


def _demo_picture():
    """A small generated PNG (sunrise colours) so the demo needs no binary file in git."""
    img = Image.new("RGB", (480, 270), (252, 226, 180))
    draw = ImageDraw.Draw(img)
    draw.ellipse((170, 120, 310, 260), fill=(240, 150, 40))
    draw.rectangle((0, 200, 480, 270), fill=(60, 120, 80))
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return SimpleUploadedFile("demo.png", buffer.getvalue(), content_type="image/png")


def _governance_charter(collective, users):
    priya = users["priya@crowddo.test"]
    if not Charter.objects.filter(collective=collective).exists():
        governance.charter_update(
            collective=collective, actor=priya, decided_by="Collective steering circle",
            purpose="Every school in Punjab improving a little every week, and every "
                    "improvement counted once, by a peer.",
            theory_of_change="Many small, verified improvements, owned by teachers and "
                             "parents, add up to better schools faster than any one big plan.",
            principles="Tools, not rules\nCount only what a peer has verified\n"
                       "Locally driven, globally supported\nTell what happened, not only how much",
            rationale="Adopted by the three founding organizations.")
        for email, slug in (("priya@crowddo.test", "bright-schools"),
                            ("omar@crowddo.test", "open-classrooms")):
            governance.charter_accept(collective=collective, actor=users[email],
                                      organization=Organization.objects.get(slug=slug))
    if not Commitment.objects.filter(collective=collective).exists():
        today = timezone.localdate()
        governance.commitment_create(
            collective=collective, actor=priya, kind=Commitment.Kind.MONTHLY_REPORT,
            title="Each member organization reports district figures monthly",
            region=Region.objects.get(name="Punjab"), starts_on=today.replace(day=1))
        governance.commitment_create(
            collective=collective, actor=priya, kind=Commitment.Kind.VERIFY_WITHIN,
            title="Verify contributions within 7 days", limit_days=7)
        governance.commitment_create(
            collective=collective, actor=priya, kind=Commitment.Kind.MARKED,
            title="Publish the quarterly state of the collective",
            owner=Organization.objects.get(slug="bright-schools"),
            due_on=today + dt.timedelta(days=10))


def _governance_coverage(collective, users):
    priya = users["priya@crowddo.test"]
    if Theme.objects.filter(collective=collective).exists():
        return
    themes = {n: governance.theme_create(collective=collective, actor=priya, name=n)
              for n in THEMES}
    pieces = {}
    for district in ("Ludhiana", "Amritsar", "Patiala"):
        for name, theme in themes.items():
            pieces[(district, name)] = governance.coverage_piece_define(
                collective=collective, actor=priya, theme=theme,
                region=Region.objects.get(name=district))
    owners = {"bright-schools": "priya@crowddo.test", "open-classrooms": "omar@crowddo.test",
              "district-learning": "lena@crowddo.test"}
    for district, theme, slug in COVERED:
        if not CoverageClaim.objects.filter(piece=pieces[(district, theme)],
                                            organization__slug=slug).exists():
            governance.coverage_claim(piece=pieces[(district, theme)], actor=users[owners[slug]],
                                      organization=Organization.objects.get(slug=slug))


def _governance_stories(collective, users):
    if Story.objects.filter(collective=collective).exists():
        return
    asha, priya = users["asha@crowddo.test"], users["priya@crowddo.test"]
    work = Contribution.objects.filter(
        claim__volunteer=asha, claim__role__title="Classroom walk-through lead").order_by("date")
    first = work.first()
    if first.status != Contribution.Status.VERIFIED:
        services.contribution_verify(contribution=first, verifier=priya, comment="Seen it.")
    story = governance.story_attach(
        actor=asha, contribution=first, title="The reading corner in Class 4",
        text="On my walk-through, Class 4 had turned a cupboard into a reading corner. "
             "Three other classes copied it within a week.",
        image=_demo_picture(), image_alt="A drawing of a sunrise over green fields")
    moment = governance.story_attach(
        actor=priya, collective=collective, organization=Organization.objects.get(
            slug="bright-schools"), moment="The first 50 verified micro-improvements",
        title="Fifty small things, one shared number",
        text="Fifty improvements, each seen by a peer, across two districts in a month.")
    for s in (story, moment):
        governance.story_feature(story=s, actor=priya)


def seed(users) -> None:
    """Charter, commitments, coverage (with gaps) and stories for the demo collective."""
    collective = Collective.objects.get(slug="every-school-improving")
    _governance_charter(collective, users)
    _governance_coverage(collective, users)
    _governance_stories(collective, users)
    for commitment in collective.commitments.all():
        commitment_status.refresh_commitment(commitment)
