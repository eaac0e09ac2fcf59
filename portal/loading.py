"""Load the whole report: the registries (landmarks) and the figures (indicators), as one change.

It spans both apps, so it lives in the top layer. `manage.py load_report` and the tests call
load_report(); each app's loader checks every file it reads before it writes anything, and both
run in one transaction, so figures that cannot load leave the registries as they were.
"""

from dataclasses import dataclass

from django.db import connection, transaction

from indicators.loading import load_indicators
from indicators.sourcedata import DATA_DIR as INDICATORS_DIR
from landmarks.loading import DATA_DIR as REGISTRIES_DIR
from landmarks.loading import load_registries

# pg_advisory_xact_lock's key: any fixed number no other code of the portal's locks on.
LOAD_LOCK = 20170001


@dataclass
class ReportLoadSummary:
    registries: object
    figures: object

    def lines(self):
        return [*self.registries.lines(), *self.figures.lines()]


def load_report(*, registries_dir=REGISTRIES_DIR, indicators_dir=INDICATORS_DIR, overwrite=False):
    """Load registries and figures; raises publishing.loading.LoadError, having written nothing, on a bad file.

    Two loads at once (two `make run`s, a deploy racing a shell) take turns: on PostgreSQL the
    second waits on an advisory lock until the first has committed, then finds everything loaded
    and changes nothing. SQLite lets one writer in at a time by itself.
    """
    with transaction.atomic():
        _wait_for_other_loads()
        registries = load_registries(data_dir=registries_dir, overwrite=overwrite)
        figures = load_indicators(data_dir=indicators_dir, overwrite=overwrite)
    return ReportLoadSummary(registries=registries, figures=figures)


def _wait_for_other_loads():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOAD_LOCK])

