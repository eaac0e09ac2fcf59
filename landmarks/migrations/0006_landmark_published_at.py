"""Landmark.published_at: when an entry was first published.

Rows that exist already get their creation time if they are published or withdrawn: the report
loader creates its entries published, and an editor's entry was at best published after it was
created, so this errs early, never leaving a once-public entry unknown to partners' sync.
"""

from django.db import migrations, models
from django.db.models import F


def fill(apps, schema_editor):
    Landmark = apps.get_model("landmarks", "Landmark")
    Landmark.objects.filter(state__in=["published", "withdrawn"]).update(published_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("landmarks", "0005_landmark_story_sources"),
    ]

    operations = [
        migrations.AddField(
            model_name="landmark",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="first published"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
