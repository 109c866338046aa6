"""Governance's part of "download my data" and "delete my account", through the registry."""

import pytest

from governance import privacy as governance_privacy
from governance import services as governance
from governance.models import Story
from people import privacy
from people.privacy import privacy_delete, privacy_export


def test_the_download_holds_the_stories_i_wrote_and_nobody_elses(world):
    mine = governance.story_attach(actor=world.b_orch, title="Our first month", text="Shelves.",
                                   collective=world.collective, organization=world.b,
                                   moment="A month in")
    governance.story_attach(actor=world.coord, title="Not mine", text="t",
                            collective=world.collective, organization=world.a, moment="m")
    stories = privacy_export(world.b_orch)["stories"]
    assert [(s["id"], s["title"], s["text"], s["collective"]) for s in stories] == [
        (mine.pk, "Our first month", "Shelves.", "Every School")]
    assert privacy_export(world.x_orch)["stories"] == []


def test_deleting_the_account_unpublishes_the_stories_i_wrote(world):
    """A deleted person's stories go (their words may name them); others' stay."""
    mine = governance.story_attach(actor=world.b_orch, title="Our corner", text="t",
                                   collective=world.collective, organization=world.b,
                                   moment="m")
    theirs = governance.story_attach(actor=world.coord, title="Not mine", text="t",
                                     collective=world.collective, organization=world.a,
                                     moment="m")
    [part] = [p for p in privacy.PARTS if p.app == "governance"]
    assert part.export is governance_privacy.export and part.erase is governance_privacy.erase
    privacy_delete(user=world.b_orch)
    assert not Story.objects.filter(pk=mine.pk).exists()
    assert Story.objects.filter(pk=theirs.pk).exists()


def test_two_apps_can_never_overwrite_each_others_part_of_the_download(world, monkeypatch):
    monkeypatch.setattr(privacy, "PARTS", list(privacy.PARTS))
    privacy.register(app="copycat", export=lambda user: {"stories": []})
    with pytest.raises(ValueError, match="copycat exports keys that are taken already"):
        privacy_export(world.b_orch)
