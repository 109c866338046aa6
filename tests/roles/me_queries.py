"""One pin for the number of queries /me/ may run, shared by every test that loads it.

/me/ is the volunteer's whole desk; each section costs a fixed number of queries however many
rows it shows (the tests load it with 1 and with many claims, apprentices, exchanges, outcomes):
session, user, memberships; my claims (1), regions for the log form (1); the journey (3);
feedback — my exchanges, the peers' queue, their verdicts and resubmissions (5: a peer with
verified work of their own, as anyone who may verify now has, fills both lists); profile
for the load picture (1); my numbers (1); what came of my work (1); waitlist and offers (1);
claims to verify (1); my apprentices (1); proposals with their path (1); milestones (1); and
one spare for indicator fields on the log forms.
"""

ME_MAX_QUERIES = 22
