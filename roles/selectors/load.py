"""The week's load on /me/: hours promised per organization against the weekly capacity.

Computed from the active claims /me/ has already loaded (no query of its own), laid out
for a server-rendered SVG bar: one segment per organization, a capacity mark, and the part
over capacity marked. The page shows the same figures as a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 600  # SVG user units; the bar scales to whichever is larger, capacity or load
PALETTE = 6  # segment colours load-seg-0 … load-seg-5 in static/css/rotation.css


@dataclass
class Segment:
    organization: str
    hours: int
    x: float = 0
    width: float = 0
    css: str = ""


@dataclass
class WeekLoad:
    capacity: int
    total: int = 0
    segments: list[Segment] = field(default_factory=list)
    capacity_x: float = WIDTH
    over_x: float = WIDTH
    over_width: float = 0

    @property
    def over(self) -> int:
        return max(self.total - self.capacity, 0)

    @property
    def label_anchor(self) -> str:
        """The capacity label ends at the mark, unless the mark is too near the left edge."""
        return "end" if self.capacity_x >= 120 else "start"

    @property
    def free(self) -> int:
        return max(self.capacity - self.total, 0)


def week_load(active_claims, capacity: int) -> WeekLoad:
    """Hours per organization of the given active claims (role and organization loaded)."""
    per_org: dict[str, int] = {}
    for claim in active_claims:
        name = claim.role.initiative.organization.name
        per_org[name] = per_org.get(name, 0) + claim.role.hours_per_week
    load = WeekLoad(capacity=capacity, total=sum(per_org.values()))
    scale = WIDTH / max(load.total, capacity, 1)
    x = 0.0
    for i, (name, hours) in enumerate(sorted(per_org.items(), key=lambda kv: (-kv[1], kv[0]))):
        width = hours * scale
        load.segments.append(Segment(name, hours, round(x, 1), round(width, 1),
                                     f"load-seg-{i % PALETTE}"))
        x += width
    load.capacity_x = round(capacity * scale, 1)
    if load.over:
        load.over_x, load.over_width = load.capacity_x, round(load.over * scale, 1)
    return load
