"""Browser views of the volunteer side: parse, authorize, call one service, render.

Every action is a plain POST form that works without JavaScript (redirect + message);
when htmx sends it, the view answers with the partial that changed instead.

    browse        /roles/
    role_page     /roles/<id>/ and the claim panel the role's actions answer with
    claims        claim a role; release, complete, hand over a claim
    apprentices   take an apprentice seat
    waitlist      join; accept or decline an offer
    me            /me/ and logging work
    verification  verify a peer's claim or contribution
    feedback      send work back, resubmit it
    rotation      renew a term, the signed renew link
    proposals     propose, accept, decline
"""
