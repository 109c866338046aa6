"""The demo seed shows the outcomes of closing: a closed initiative, a proposal turned lead role."""

from django.core.management import call_command

from initiatives.models import Initiative
from roles.models import Claim, Proposal
from seeding.demo.outcomes import CLOSED_SLUG, OUTCOME, PROPOSAL_TITLE


def test_demo_has_a_closed_initiative_and_a_proposer_holding_the_lead_role(db, client):
    call_command("seed_demo", "--force", verbosity=0)
    call_command("seed_demo", "--force", verbosity=0)  # idempotent
    closed = Initiative.objects.get(slug=CLOSED_SLUG)
    assert (closed.status, closed.outcome) == ("closed", OUTCOME)
    proposal = Proposal.objects.get(title=PROPOSAL_TITLE)
    assert proposal.status == "accepted" and proposal.resulting_role.from_proposal == proposal
    assert Claim.objects.get(role=proposal.resulting_role).volunteer == proposal.author
    client.force_login(closed.roles.get().claims.get().volunteer)
    assert "412 warm coats" in client.get("/me/?tab=numbers").content.decode()
    client.force_login(proposal.author)
    assert "claimed: 1 seat held now" in client.get("/me/?tab=proposals").content.decode()
