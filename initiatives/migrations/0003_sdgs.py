from django.db import migrations

SDGS = [
    "No poverty", "Zero hunger", "Good health and well-being", "Quality education",
    "Gender equality", "Clean water and sanitation", "Affordable and clean energy",
    "Decent work and economic growth", "Industry, innovation and infrastructure",
    "Reduced inequalities", "Sustainable cities and communities",
    "Responsible consumption and production", "Climate action", "Life below water",
    "Life on land", "Peace, justice and strong institutions", "Partnerships for the goals",
]


def create(apps, schema_editor):
    Sdg = apps.get_model("initiatives", "Sdg")
    for number, name in enumerate(SDGS, start=1):
        Sdg.objects.update_or_create(number=number, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
