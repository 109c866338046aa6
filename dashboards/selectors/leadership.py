"""The distributed-leadership measures as the dashboards and the API show them: one list of
keys, labels and explanations, read from a stored `LeadershipMeasure` row."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dashboards.models import LeadershipMeasure
from roles.models import Capability

TEXT = {
    "role_holder_share": (
        _("People holding a leadership role"),
        _("Of everyone taking part, the share who hold or held a micro-leadership role: "
          "leadership is spread when most participants lead something small.")),
    "gini": (
        _("Gini of verified hours"),
        _("0 means every volunteer gave the same verified hours, 1 that one person gave "
          "them all: a low number means the work does not rest on a few shoulders.")),
    "top10_share": (
        # xgettext:no-python-format
        _("Top 10 % share of verified hours"),
        _("The share of verified hours given by the busiest tenth of volunteers: a high "
          "share warns of burnout and of knowledge held by a few.")),
    "capabilities_covered": (
        _("Leadership capabilities covered"),
        _("Sensemaking, visioning, relating and inventing among filled roles: a group "
          "needs all four, and no one person has them all.")),
    "boundary_spanners": (
        _("Boundary spanners"),
        _("Volunteers active in two or more member organizations: they carry ideas and "
          "trust between organizations, which is how a network learns.")),
    "proposal_share": (
        _("Roles that came from volunteers' proposals"),
        _("Local entrepreneurship: the share of roles that volunteers proposed "
          "themselves rather than received.")),
    "peer_verified_share": (
        _("Completed work verified by a peer"),
        _("Peers, not only managers, confirm each other's work: shared accountability "
          "keeps the common number honest.")),
    "orchestrator_load": (
        _("Orchestrator load"),
        _("Open roles plus pending verifications per orchestrator: when it grows, the "
          "coordinators become the bottleneck and more people should share the work.")),
}


def _share(part, whole) -> float | None:
    return round(part / whole, 4) if whole else None


def _pct(part, whole) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


def _measure(key: str, value, display: str, detail: str = "") -> dict:
    label, explanation = TEXT[key]
    return {"key": key, "value": value, "display": display, "label": label,
            "explanation": explanation, "detail": detail}


def measures_of(m: LeadershipMeasure) -> list[dict]:
    """Every measure of a stored row: key, value (a number), display text, label,
    explanation and detail. Boundary spanners only where they are measured (collectives)."""
    covered = [c for c in Capability if m.capabilities.get(c.value)]
    load = (m.open_roles + m.pending_verifications) / m.orchestrators if m.orchestrators else None
    rows = [
        _measure("role_holder_share", _share(m.role_holders, m.participants),
                 _pct(m.role_holders, m.participants)),
        _measure("gini", m.gini, "—" if m.gini is None else f"{m.gini:.2f}"),
        _measure("top10_share", m.top10_share,
                 "—" if m.top10_share is None else f"{round(100 * m.top10_share)} %"),
        _measure("capabilities_covered", len(covered), f"{len(covered)} / 4",
                 detail=", ".join(str(c.label) for c in covered)),
        _measure("proposal_share", _share(m.roles_from_proposals, m.roles_total),
                 _pct(m.roles_from_proposals, m.roles_total)),
        _measure("peer_verified_share", _share(m.peer_verified_work, m.completed_work),
                 _pct(m.peer_verified_work, m.completed_work)),
        _measure("orchestrator_load", None if load is None else round(load, 2),
                 "—" if load is None else f"{load:.1f}"),
    ]
    if m.boundary_spanners is not None:
        rows.insert(4, _measure("boundary_spanners", m.boundary_spanners,
                                str(m.boundary_spanners)))
    return rows
