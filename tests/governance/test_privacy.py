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


def test_deleting_the_account_keeps_the_collectives_stories_as_today(world):
    """Governance registers no erase: a story stays in the collective's record; its author is
    the anonymised account (a later privacy issue decides whether the text goes too)."""
    story = governance.story_attach(actor=world.b_orch, title="Our corner", text="t",
                                    collective=world.collective, organization=world.b,
                                    moment="m")
    [part] = [p for p in privacy.PARTS if p.app == "governance"]
    assert part.export is governance_privacy.export and part.erase is None
    privacy_delete(user=world.b_orch)
    story = Story.objects.get(pk=story.pk)
    assert story.title == "Our corner" and story.author_id == world.b_orch.pk
    assert story.author.email.endswith("@deleted.invalid")


def test_two_apps_can_never_overwrite_each_others_part_of_the_download(world, monkeypatch):
    monkeypatch.setattr(privacy, "PARTS", list(privacy.PARTS))
    privacy.register(app="copycat", export=lambda user: {"stories": []})
    with pytest.raises(ValueError, match="copycat exports keys that are taken already"):
        privacy_export(world.b_orch)
