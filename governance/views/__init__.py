"""Governance pages of a collective: charter, coverage, accountability, stories.

Each view parses, authorizes through the access policy (`initiatives.access.collective_for`:
a private collective is seen by its coordinator and active members; an invited organization
sees the charter only), calls one service and renders. A collective the person may not see
answers 404; so does a page or a row of another organization.
"""
