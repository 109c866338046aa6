# The status detail was stored as an English sentence; it is now a code and its figures,
# written out in the reader's language (CommitmentStatus.detail). Existing rows are parsed
# from the sentences the refresh wrote; anything else is left blank for the next refresh
# (governance.tasks.commitments_refresh, hourly) to fill.

import datetime as dt
import re

from django.db import migrations, models

MONTH = r"(?P<month>[A-Z][a-z]+ \d{4})"
DATE = r"(?P<date>\d{2} [A-Z][a-z]{2} \d{4})"
SENTENCES = [
    ("month_reported", re.compile(rf"^(?P<n>\d+) report\(s\) for {MONTH}$")),
    ("month_missed", re.compile(rf"^No figures for {MONTH}$")),
    ("month_pending", re.compile(rf"^Figures for {MONTH} not in yet$")),
    ("none_waiting", re.compile(r"^Nothing waiting for verification$")),
    ("waiting", re.compile(rf"^(?P<n>\d+) waiting; the oldest must be verified by {DATE}$")),
    ("marked_kept", re.compile(rf"^Marked kept on {DATE}$")),
    ("not_marked_late", re.compile(r"^Not marked kept by its due date$")),
    ("not_marked", re.compile(r"^Not marked kept yet$")),
]


def parse(sentence: str) -> tuple[str, dict]:
    for code, pattern in SENTENCES:
        found = pattern.match(sentence.strip())
        if not found:
            continue
        parts, params = found.groupdict(), {}
        try:
            if "n" in parts:
                params["n"] = int(parts["n"])
            if "month" in parts:
                params["month"] = f"{dt.datetime.strptime(parts['month'], '%B %Y'):%Y-%m}"
            if "date" in parts:
                params["date"] = dt.datetime.strptime(parts["date"], "%d %b %Y").date().isoformat()
        except ValueError:
            return "", {}
        return code, params
    return "", {}


def sentences_to_codes(apps, schema_editor):
    CommitmentStatus = apps.get_model("governance", "CommitmentStatus")
    for status in CommitmentStatus.objects.exclude(detail="").only("pk", "detail"):
        code, params = parse(status.detail)
        CommitmentStatus.objects.filter(pk=status.pk).update(detail_code=code,
                                                             detail_params=params)


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0006_verbose_names_translated'),
    ]

    operations = [
        migrations.AddField(
            model_name='commitmentstatus',
            name='detail_code',
            field=models.CharField(blank=True, choices=[('month_reported', 'Reports this month'), ('month_missed', 'No figures last month'), ('month_pending', 'Figures for this month not in yet'), ('none_waiting', 'Nothing waiting for verification'), ('waiting', 'Work waiting for verification'), ('marked_kept', 'Marked kept'), ('not_marked_late', 'Not marked kept by its due date'), ('not_marked', 'Not marked kept yet')], max_length=20, verbose_name='detail'),
        ),
        migrations.AddField(
            model_name='commitmentstatus',
            name='detail_params',
            field=models.JSONField(blank=True, default=dict, verbose_name='detail figures'),
        ),
        # Backwards: the codes stay unused and the sentences come back blank until a refresh.
        migrations.RunPython(sentences_to_codes, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='commitmentstatus',
            name='detail',
        ),
    ]
