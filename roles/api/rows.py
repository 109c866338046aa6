"""`/api/v1/roles/` as `.values()` rows (crowddo.api.rows): the same dicts as
`serializers.RoleSerializer`, in its field order, without a model instance per role.
tests/api/test_rows.py compares the two for the same roles."""

from crowddo.api.rows import Column, Many, Nested, ValuesPlan, iso_datetime
from roles.models import Role

SKILL_ORDER = ("skill__name", "skill_id")  # the skills' own order (Skill.Meta.ordering)


def skill_slugs(role_ids: list) -> dict:
    """{role id: [skill slugs]}, one query (where there is no ARRAY(SELECT …))."""
    slugs: dict = {}
    pairs = (Role.skills.through.objects.filter(role_id__in=role_ids)
             .order_by(*SKILL_ORDER).values_list("role_id", "skill__slug"))
    for role_id, slug in pairs:
        slugs.setdefault(role_id, []).append(slug)
    return slugs


def skill_slug_array(role):
    """The slugs of `role`'s skills as one ordered column (PostgreSQL ARRAY(SELECT …))."""
    return (Role.skills.through.objects.filter(role_id=role).order_by(*SKILL_ORDER)
            .values("skill__slug"))


ROLE_LIST = ValuesPlan(
    Column("id"), Column("title"), Column("responsibility"), Column("success_looks_like"),
    Nested("initiative", (Column("slug", "initiative__slug"),
                          Column("name", "initiative__name"))),
    Column("organization", "organization__slug"),
    Column("capability"), Column("hours_per_week"), Column("duration_weeks"), Column("seats"),
    Column("seats_taken"), Column("seats_offered"), Column("seats_left", "seats_free"),
    Column("apprentice_seats"), Column("apprentice_seats_left", "apprentice_seats_free"),
    Column("term_weeks"), Many("skills", skill_slugs, skill_slug_array),
    Nested("region", (Column("id", "region__id"), Column("name", "region__name"),
                      Column("level", "region__level")), null_when="region_id"),
    Column("is_remote"), Column("status"), Column("stale_after_days"),
    Column("created_at", convert=iso_datetime), Column("updated_at", convert=iso_datetime),
)
