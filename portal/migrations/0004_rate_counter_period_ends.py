"""When each rate counter's period ends, so that finished rows can be pruned (portal.rates.prune).

A row made before this migration does not say its rate's unit. The longest period a rate can
have is a day (DRF's s/m/h/d), so such a row is given one day from now: never pruned while its
period may still run, and gone a day later at the most. The column's database default, 0, is for
the code before this release, which still inserts rows without it until the app is reloaded
(models.RateCounter).
"""

import time

from django.db import migrations, models

DAY_SECONDS = 86400


def end_existing_periods_within_a_day(apps, schema_editor):
    RateCounter = apps.get_model("portal", "RateCounter")
    RateCounter.objects.update(period_ends=int(time.time()) + DAY_SECONDS)


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0003_rate_counter"),
    ]

    operations = [
        migrations.AddField(
            model_name="ratecounter",
            name="period_ends",
            field=models.BigIntegerField(db_default=0),
        ),
        migrations.RunPython(end_existing_periods_within_a_day, migrations.RunPython.noop),
    ]
