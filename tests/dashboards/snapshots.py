"""Every roll-up table as plain sorted tuples (no ids, no timestamps) to compare runs."""

from dashboards import models as m

TABLES = [m.InitiativeProgress, m.ScopeTotal, m.DailyTotal, m.RegionTotal, m.RegionDay,
          m.RegionVolunteer, m.ScopePerson, m.VolunteerDay, m.LeadershipMeasure,
          m.VolunteerTotal, m.Milestone, m.IndicatorTotal, m.RecentWork]
SKIP = {"id", "computed_at", "changed_at", "reached_at", "announced_at"}


def snapshot() -> dict:
    out = {}
    for model in TABLES:
        names = [f.attname for f in model._meta.concrete_fields if f.attname not in SKIP]
        rows = [tuple(str(v) for v in row) for row in model.objects.values_list(*names)]
        out[model.__name__] = sorted(rows)
    return out
