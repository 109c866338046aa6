"""Governance pages: who sees what, second-organization 404s, bad input, query counts."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from governance import services as governance
from governance.models import CharterAcceptance, Commitment, CoverageClaim, Story
from tests import factories
from tests.builders import contribution_in

URL = "/collectives/{}/{}/"


@pytest.fixture
def governed(world):
    governance.charter_update(collective=world.collective, actor=world.coord,
                              purpose="Every school improving.", principles="Tools, not rules")
    for org in (world.a, world.b):
        governance.commitment_create(collective=world.collective, actor=world.coord,
                                     title=f"Share the plan of {org.name}", owner=org,
                                     kind=Commitment.Kind.MARKED, due_on=dt.date(2030, 1, 1))
    return world


def url(world, page):
    return URL.format(world.collective.slug, page)


def test_charter_page_is_open_data_for_a_public_collective(client, governed):
    response = client.get(url(governed, "charter"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Every school improving." in page and "Tools, not rules" in page
    assert "Charter adopted (version 1)" in page  # the public decision log


def test_a_private_collective_answers_404_to_outsiders(client, governed):
    governed.collective.is_public = False
    governed.collective.save()
    for page in ("charter", "coverage", "stories", "accountability"):
        assert client.get(url(governed, page)).status_code == 404
    client.force_login(governed.x_orch)
    for page in ("charter", "coverage", "stories", "accountability"):
        assert client.get(url(governed, page)).status_code == 404
    client.force_login(governed.b_member)
    assert client.get(url(governed, "charter")).status_code == 200


def test_a_member_organization_accepts_the_charter_on_the_page(client, governed):
    client.force_login(governed.b_orch)
    assert "Accept version 1 for Beta" in client.get(url(governed, "charter")).content.decode()
    response = client.post(url(governed, "charter"), {"organization": governed.b.pk})
    assert response.status_code == 302
    assert CharterAcceptance.objects.get().accepted_by == governed.b_orch
    client.force_login(governed.x_orch)  # another organization cannot accept for Beta
    assert client.post(url(governed, "charter"),
                       {"organization": governed.b.pk}).status_code == 404
    assert CharterAcceptance.objects.count() == 1


def test_only_the_coordinator_can_change_the_charter_on_the_page(client, governed):
    client.force_login(governed.b_orch)
    client.post(url(governed, "charter"), {"action": "edit", "purpose": "Taken over"})
    assert governed.collective.decisions.count() == 3  # adopted + 2 commitments, nothing new
    client.force_login(governed.coord)
    response = client.post(url(governed, "charter"), {"action": "edit", "purpose": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    response = client.post(url(governed, "charter"),
                           {"action": "edit", "purpose": "Every school, every parent.",
                            "rationale": "Parents asked to be named."})
    assert response.status_code == 302
    assert governed.collective.decisions.filter(title="Charter changed (version 2)").exists()


def test_accountability_coordinator_sees_all_members_a_member_its_own_others_404(
        client, governed, django_assert_max_num_queries):
    client.force_login(governed.coord)
    with django_assert_max_num_queries(12):
        page = client.get(url(governed, "accountability")).content.decode()
    assert "Share the plan of Alpha" in page and "Share the plan of Beta" in page
    client.force_login(governed.b_member)
    page = client.get(url(governed, "accountability")).content.decode()
    assert "Share the plan of Beta" in page and "Share the plan of Alpha" not in page
    for outsider in (governed.x_orch, None):
        client.logout()
        if outsider:
            client.force_login(outsider)
        assert client.get(url(governed, "accountability")).status_code == 404


def test_a_member_marks_its_own_commitment_but_not_anothers(client, governed):
    beta_plan = Commitment.objects.get(owner=governed.b)
    client.force_login(governed.x_orch)
    assert client.post(url(governed, "accountability"), {
        "commitment": beta_plan.pk, "organization": governed.b.pk, "kept": "1"}).status_code == 404
    client.force_login(governed.b_orch)
    alpha_plan = Commitment.objects.get(owner=governed.a)
    assert client.post(url(governed, "accountability"), {
        "commitment": alpha_plan.pk, "organization": governed.a.pk, "kept": "1",
    }).status_code == 404  # Beta's orchestrator does not act for Alpha
    response = client.post(url(governed, "accountability"), {
        "commitment": alpha_plan.pk, "organization": governed.b.pk, "kept": "1"})
    assert response.status_code == 403 and "not Beta" in response.content.decode()
    response = client.post(url(governed, "accountability"), {
        "commitment": beta_plan.pk, "organization": governed.b.pk, "kept": "1", "note": "Done"})
    assert response.status_code == 302
    assert beta_plan.statuses.get().state == "kept"
    assert alpha_plan.statuses.get().state == "due"


@pytest.fixture
def grid(governed):
    themes = [factories.ThemeFactory(collective=governed.collective, name=n)
              for n in ("Maths", "Reading")]
    return [factories.CoveragePieceFactory(theme=t) for t in themes]


def test_coverage_page_shows_the_grid_with_gaps_and_members_claim_pieces(
        client, grid, governed, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        page = client.get(url(governed, "coverage")).content.decode()
    assert page.count("class=\"cell-gap\"") == 2 and "<th scope=\"row\">" in page
    client.force_login(governed.b_orch)
    response = client.post(url(governed, "coverage"),
                           {"piece": grid[0].pk, "organization": governed.b.pk})
    assert response.status_code == 302
    page = client.get(url(governed, "coverage")).content.decode()
    assert page.count("class=\"cell-gap\"") == 1 and "Release for Beta" in page
    response = client.post(url(governed, "coverage"),
                           {"piece": grid[0].pk, "organization": governed.b.pk})
    assert response.status_code == 409 and "covers" in response.content.decode()


def test_another_organization_cannot_claim_or_release_pieces_for_members(client, grid, governed):
    governance.coverage_claim(piece=grid[0], organization=governed.b, actor=governed.b_orch)
    client.force_login(governed.x_orch)
    for action in ("claim", "release"):
        response = client.post(url(governed, "coverage"), {
            "piece": grid[1].pk, "organization": governed.b.pk, "action": action})
        assert response.status_code == 404
    other_piece = factories.CoveragePieceFactory()  # a piece of another collective
    client.force_login(governed.b_orch)
    assert client.post(url(governed, "coverage"), {
        "piece": other_piece.pk, "organization": governed.b.pk}).status_code == 404
    assert CoverageClaim.objects.count() == 1


def png(size=(20, 20), fmt="PNG", name="p.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 90, 200)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_volunteer_tells_a_story_with_a_picture_served_through_the_access_policy(
        client, governed, media, django_capture_on_commit_callbacks):
    work = contribution_in(governed.b_initiative)
    client.force_login(work.claim.volunteer)
    with django_capture_on_commit_callbacks(execute=True):  # the file is written on commit
        response = client.post(url(governed, "stories"), {
            "subject": f"c{work.pk}", "title": "Shelves", "text": "We built shelves.",
            "image": png(), "image_alt": "Blue shelves"})
    assert response.status_code == 302
    story = Story.objects.get()
    image_url = f"{url(governed, 'stories')}{story.pk}/image/"
    assert client.get(image_url)["Content-Type"] == "image/png"
    client.logout()  # not featured yet: not open data
    assert client.get(image_url).status_code == 404
    governance.story_feature(story=story, actor=governed.coord)
    assert client.get(image_url).status_code == 200


@pytest.mark.parametrize("upload, message", [
    (lambda: png(fmt="GIF", name="x.png"), "must be JPEG, PNG or WebP"),
    (lambda: SimpleUploadedFile("x.jpg", b"plain text"), "not an image we can read"),
    (lambda: SimpleUploadedFile("x.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024)), "limit is 2 MB"),
])
def test_bad_uploads_on_the_page_are_a_form_error_and_leave_nothing(client, governed, media,
                                                                    upload, message):
    work = contribution_in(governed.b_initiative)
    client.force_login(work.claim.volunteer)
    response = client.post(url(governed, "stories"), {
        "subject": f"c{work.pk}", "title": "Shelves", "text": "We built shelves.",
        "image": upload(), "image_alt": "x"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Your story was not saved" in response.content.decode()
    assert not Story.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_another_organizations_private_work_is_not_offered_nor_attachable(client, governed):
    private_work = contribution_in(governed.b_private)
    client.force_login(governed.x_orch)
    page = client.get(url(governed, "stories")).content.decode()
    assert "Tell a story" not in page
    response = client.post(url(governed, "stories"), {
        "subject": f"c{private_work.pk}", "title": "t", "text": "t"})
    assert response.status_code == 404
    client.force_login(governed.coord)  # the coordinator is not offered it either
    response = client.post(url(governed, "stories"), {
        "subject": f"c{private_work.pk}", "title": "t", "text": "t"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Story.objects.exists()


def test_a_missing_image_file_never_breaks_a_page(client, governed, media,
                                                  django_assert_max_num_queries,
                                                  django_capture_on_commit_callbacks):
    work = contribution_in(governed.b_initiative)
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            story = governance.story_attach(actor=governed.b_orch, contribution=work,
                                            title=f"Story {n}", text="t", image=png(),
                                            image_alt="a picture")
        governance.story_feature(story=story, actor=governed.coord)
    story.refresh_from_db()
    story.image.storage.delete(story.image.name)
    with django_assert_max_num_queries(6):
        response = client.get(url(governed, "stories"))
    assert response.status_code == 200 and response.content.decode().count("<img") == 3
    assert client.get(f"{url(governed, 'stories')}{story.pk}/image/").status_code == 404


def test_only_the_coordinator_features_stories_on_the_page(client, governed):
    work = contribution_in(governed.b_initiative)
    story = governance.story_attach(actor=governed.b_orch, contribution=work, title="t", text="t")
    for outsider in (governed.b_orch, governed.x_orch):
        client.force_login(outsider)
        client.post(url(governed, "stories"),
                    {"action": "feature", "story": story.pk, "featured": "1"})
    story.refresh_from_db()
    assert story.featured_at is None
    client.force_login(governed.coord)
    client.post(url(governed, "stories"), {"action": "feature", "story": story.pk, "featured": "1"})
    story.refresh_from_db()
    assert story.featured_at is not None


def test_a_member_turns_a_gap_into_a_role_on_the_coverage_page(client, grid, governed):
    from roles.models import Role

    client.force_login(governed.x_orch)
    assert client.post(url(governed, "coverage"), {
        "action": "role", "piece": grid[0].pk,
        "initiative": governed.b_initiative.pk}).status_code == 404
    client.force_login(governed.b_orch)
    page = client.get(url(governed, "coverage")).content.decode()
    assert "Turn the gap into a role" in page
    response = client.post(url(governed, "coverage"), {
        "action": "role", "piece": grid[0].pk, "initiative": governed.b_initiative.pk})
    assert response.status_code == 302
    assert Role.objects.get().initiative == governed.b_initiative
