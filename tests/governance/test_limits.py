"""Limits are one number each: the model, the form, the service and its message agree."""

import pytest

from crowddo.errors import Invalid
from governance import services as governance
from governance.forms import StoryForm
from governance.models import (
    COMMITMENT_NOTE_MAX,
    STORY_IMAGE_ALT_MAX,
    STORY_IMAGE_MAX_MB,
    STORY_MOMENT_MAX,
    STORY_TEXT_MAX,
    STORY_TITLE_MAX,
    Commitment,
    CommitmentStatus,
    Story,
)
from initiatives.forms import OutcomeForm
from initiatives.models import OUTCOME_MAX, Initiative
from initiatives.services import initiative_close
from people.forms import ProfileForm
from people.models import BIO_MAX, CAPACITY_MAX_HOURS, DISPLAY_NAME_MAX, User, VolunteerProfile
from people.services import profile_update
from tests import factories


def test_story_limits_are_the_same_in_model_form_and_service(world):
    form = StoryForm(subjects=[])
    for name, limit in (("text", STORY_TEXT_MAX), ("title", STORY_TITLE_MAX),
                        ("moment", STORY_MOMENT_MAX), ("image_alt", STORY_IMAGE_ALT_MAX)):
        assert Story._meta.get_field(name).max_length == limit
        assert form.fields[name].max_length == limit
    assert f"at most {STORY_IMAGE_MAX_MB} MB" in str(form.fields["image"].label)
    with pytest.raises(Invalid, match=f"{STORY_TEXT_MAX:,} characters"):
        governance.story_attach(actor=world.b_orch, title="t", text="x" * (STORY_TEXT_MAX + 1),
                                collective=world.collective, organization=world.b, moment="m")
    story = governance.story_attach(actor=world.b_orch, title="t", text="x" * STORY_TEXT_MAX,
                                    collective=world.collective, organization=world.b,
                                    moment="m" * (STORY_MOMENT_MAX + 9))
    assert len(story.moment) == STORY_MOMENT_MAX


def test_the_commitment_note_limit_is_the_pages_limit(client, world):
    commitment = governance.commitment_create(
        collective=world.collective, actor=world.coord, title="Share the plan",
        owner=world.b, kind=Commitment.Kind.MARKED, due_on="2030-01-01")
    client.force_login(world.b_orch)
    page = client.get(f"/collectives/{world.collective.slug}/accountability/").content.decode()
    assert f'name="note" maxlength="{COMMITMENT_NOTE_MAX}"' in page
    assert CommitmentStatus._meta.get_field("note").max_length == COMMITMENT_NOTE_MAX
    status = governance.commitment_mark(commitment=commitment, organization=world.b,
                                        actor=world.b_orch, note="n" * (COMMITMENT_NOTE_MAX + 9))
    assert len(status.note) == COMMITMENT_NOTE_MAX


def test_the_outcome_limit_is_the_same_in_model_form_and_service(org):
    assert Initiative._meta.get_field("outcome").max_length == OUTCOME_MAX
    assert OutcomeForm().fields["outcome"].max_length == OUTCOME_MAX
    boss = factories.MembershipFactory(organization=org, level="orchestrator").user
    initiative = factories.InitiativeFactory(organization=org)
    with pytest.raises(Invalid, match=f"{OUTCOME_MAX:,} characters"):
        initiative_close(initiative=initiative, actor=boss, outcome="x" * (OUTCOME_MAX + 1))
    assert initiative_close(initiative=initiative, actor=boss, outcome="x" * OUTCOME_MAX)


def test_profile_limits_are_the_same_in_model_form_and_service(volunteer):
    form = ProfileForm()
    assert User._meta.get_field("display_name").max_length == DISPLAY_NAME_MAX
    assert form.fields["display_name"].max_length == DISPLAY_NAME_MAX
    assert VolunteerProfile._meta.get_field("bio").max_length == BIO_MAX
    assert form.fields["bio"].max_length == BIO_MAX
    assert form.fields["weekly_capacity_hours"].max_value == CAPACITY_MAX_HOURS
    with pytest.raises(Invalid, match=f"between 1 and {CAPACITY_MAX_HOURS} hours"):
        profile_update(user=volunteer, display_name="", show_in_reports=False, bio="",
                       weekly_capacity_hours=CAPACITY_MAX_HOURS + 1, skills=[], regions=[])
    with pytest.raises(Invalid, match=f"{BIO_MAX:,}"):
        profile_update(user=volunteer, display_name="", show_in_reports=False,
                       bio="b" * (BIO_MAX + 1), weekly_capacity_hours=4, skills=[], regions=[])
