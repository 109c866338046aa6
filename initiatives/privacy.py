"""Initiatives hold no person's words: registered with people.privacy only to say so, field
by field (the registry's completeness test reads this)."""

NOT_PERSONAL = {
    "Region": ("name", "slug"), "Sdg": ("name",),  # reference data
    "Collective": ("name", "slug", "summary", "goal_label"),  # the collective's public text
    "Initiative": ("name", "slug", "summary", "purpose", "goal_label", "outcome"),
    # the public decision log, written in the organization's name ("decided_by" is a body,
    # e.g. "Steering group", not an account)
    "Decision": ("title", "rationale", "decided_by"),
    "Resource": ("title", "description", "url"),  # shared material
    "Indicator": ("slug", "name", "definition", "unit"),
}
