"""One level system (issue 16 item 6): `VolunteerTotal.level` and the level-up milestones now
number the named levels of `roles.levels.LEVELS` instead of verified-hour marks. The old
hour-mark milestones meant something else under the same keys, so they are removed; the next
roll-up (`manage.py rollup`) records each volunteer's named levels and stores the new level."""

from django.db import migrations


def drop_hour_milestones(apps, schema_editor):
    apps.get_model("dashboards", "Milestone").objects.filter(kind="level_up").delete()
    apps.get_model("dashboards", "VolunteerTotal").objects.update(level=0)


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0004_awaiting_a_peer")]

    operations = [migrations.RunPython(drop_hour_milestones, migrations.RunPython.noop)]
