"""A picture as evidence of a contribution ("a link or an image the volunteer
attached, checked like story images"): one check (`crowddo.images`) for stories and evidence;
shown on the verifier's page and served only to who may see the work; replaceable and
removable on resubmit; in the privacy download and erased with the account. A bad file is a
form error and nothing is written."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from crowddo import images
from crowddo.errors import Invalid
from people.privacy import privacy_delete, privacy_export
from roles import services
from roles.models import Contribution
from roles.services import feedback
from tests import builders, factories


def picture(name="corner.png", size=(60, 40), kind="PNG") -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(data, kind)
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/png")


def files(media) -> list:
    folder = media / "evidence"
    return sorted(p.name for p in folder.glob("*")) if folder.exists() else []


def mine(world) -> Contribution:
    return Contribution.objects.get(claim=world["claim"])


@pytest.fixture
def world(db, media):
    org = factories.OrganizationFactory()
    ini = factories.InitiativeFactory(organization=org)
    role = factories.RoleFactory(initiative=ini, seats=5)
    author = builders.person(10)
    claim = services.claim_role(role=role, volunteer=author)
    return {"org": org, "ini": ini, "claim": claim, "author": author,
            "peer": builders.qualified_peer(ini), "media": media}


def _log_in_browser(client, world, upload, django_capture_on_commit_callbacks):
    client.force_login(world["author"])
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"/me/claims/{world['claim'].pk}/log/", {
            "date": timezone.localdate().isoformat(), "hours": "1", "micro_improvements": "2",
            "evidence_image": upload})


def test_a_picture_logged_in_the_browser_is_shown_on_the_verifiers_page(
        client, world, django_capture_on_commit_callbacks):
    answer = _log_in_browser(client, world, picture(), django_capture_on_commit_callbacks)
    assert answer.status_code == 302
    work = mine(world)
    assert work.evidence_image.name.startswith("evidence/")
    assert "corner" not in work.evidence_image.name  # a fresh name, never the uploader's
    assert (work.evidence_image_width, work.evidence_image_height) == (60, 40)
    assert len(files(world["media"])) == 1

    client.force_login(world["peer"])
    page = client.get(f"/me/verify/contributions/{work.pk}/").content.decode()
    url = f"/me/contributions/{work.pk}/evidence-picture/"
    assert f'<img src="{url}" width="60" height="40"' in page
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["Cache-Control"] == "private, max-age=3600"


def test_the_picture_is_not_found_for_a_stranger_or_another_organization(
        client, world, django_capture_on_commit_callbacks):
    _log_in_browser(client, world, picture(), django_capture_on_commit_callbacks)
    url = f"/me/contributions/{mine(world).pk}/evidence-picture/"
    other = factories.OrganizationFactory()
    for outsider in (builders.person(), builders.staff(other)):  # a new account, a 2nd org
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(builders.staff(world["org"]))  # the organization's orchestrator
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


@pytest.mark.parametrize("upload, said", [
    (SimpleUploadedFile("x.png", b"not a picture at all", content_type="image/png"),
     "not an image we can read"),
    (picture("x.gif", kind="GIF"), "must be JPEG, PNG or WebP; this file is GIF"),
    (picture(size=(images.MAX_SIDE + 1, 2)), "the limit is 4000×4000"),
])
def test_a_bad_file_is_a_form_error_and_nothing_is_written(
        client, world, django_capture_on_commit_callbacks, upload, said):
    answer = _log_in_browser(client, world, upload, django_capture_on_commit_callbacks)
    assert said in answer.content.decode()
    assert not Contribution.objects.filter(claim=world["claim"]).exists()
    assert files(world["media"]) == []


def test_the_service_refuses_a_bad_file_before_writing_anything(world):
    fake = SimpleUploadedFile("x.jpg", b"\xff\xd8 truncated", content_type="image/jpeg")
    with pytest.raises(Invalid, match="not an image we can read"):
        services.contribution_log(claim=world["claim"], volunteer=world["author"],
                                  date=timezone.localdate(), hours=Decimal(1),
                                  evidence_image=fake)
    assert not Contribution.objects.filter(claim=world["claim"]).exists()


def test_stories_and_evidence_share_the_one_check(monkeypatch, world):
    """Both callers go through crowddo.images.checked_image (one definition)."""
    seen = []
    real = images.checked_image
    monkeypatch.setattr(images, "checked_image", lambda f: seen.append(f) or real(f))
    services.contribution_log(claim=world["claim"], volunteer=world["author"],
                              date=timezone.localdate(), hours=Decimal(1),
                              evidence_image=picture())
    from governance.services import stories
    with pytest.raises(Invalid):
        stories.story_attach(actor=world["author"], title="t", text="x", contribution=None,
                             image=picture())
    assert len(seen) == 1  # the story was refused before its picture (no subject)
    work = mine(world)
    feedback.contribution_send_back(contribution=work, verifier=world["peer"], comment="?")
    feedback.contribution_resubmit(contribution=work, volunteer=world["author"], hours=1,
                                   micro_improvements=0, note="new photo",
                                   evidence_image=picture())
    assert len(seen) == 2


def test_a_sent_back_picture_is_replaced_or_removed_on_resubmit(
        client, world, django_capture_on_commit_callbacks):
    _log_in_browser(client, world, picture(), django_capture_on_commit_callbacks)
    work = mine(world)
    first = work.evidence_image.name
    feedback.contribution_send_back(contribution=work, verifier=world["peer"],
                                    comment="The photo is of another school.")
    client.force_login(world["author"])
    url = f"/me/contributions/{work.pk}/resubmit/"
    form = client.get(url).content.decode()
    assert 'name="evidence_image"' in form and 'name="remove_evidence_image"' in form
    assert 'enctype="multipart/form-data"' in form
    base = {"hours": "1", "micro_improvements": "2", "note": "The right school now."}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**base, "evidence_image": picture(size=(30, 30))}
                           ).status_code == 302
    work.refresh_from_db()
    assert work.evidence_image.name != first and work.evidence_image_width == 30
    assert files(world["media"]) == [work.evidence_image.name.split("/")[-1]]  # old file gone

    feedback.contribution_send_back(contribution=work, verifier=world["peer"], comment="No.")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**base, "remove_evidence_image": "on"}).status_code == 302
    work.refresh_from_db()
    assert not work.evidence_image and files(world["media"]) == []


def test_the_picture_is_in_the_download_and_erased_with_the_account(
        world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_log(claim=world["claim"], volunteer=world["author"],
                                  date=timezone.localdate(), hours=Decimal(1),
                                  evidence_image=picture())
    exported = privacy_export(world["author"])["contributions"]
    assert [c["has_evidence_image"] for c in exported] == [True]
    assert len(files(world["media"])) == 1
    with django_capture_on_commit_callbacks(execute=True):
        privacy_delete(user=world["author"])
    work = mine(world)
    assert not work.evidence_image and work.evidence_image_width is None
    assert files(world["media"]) == []
    assert work.hours == 1  # the work itself stays (counted once verified)


def test_the_admin_shows_the_picture_through_the_checked_view_only(
        client, world, django_capture_on_commit_callbacks):
    _log_in_browser(client, world, picture(), django_capture_on_commit_callbacks)
    work = mine(world)
    client.force_login(builders.staff(world["org"], is_staff=True))
    page = client.get(f"/admin/roles/contribution/{work.pk}/change/").content.decode()
    assert f'<img src="/me/contributions/{work.pk}/evidence-picture/"' in page
    assert work.evidence_image.name not in page  # no direct media link
    other = builders.staff(factories.OrganizationFactory(), is_staff=True)
    client.force_login(other)
    assert client.get(f"/admin/roles/contribution/{work.pk}/change/").status_code in (302, 404)
