"""Two `load_report`s at once on an empty PostgreSQL database take turns (portal/loading.py).

Without the advisory lock both would read "nothing loaded yet" and both insert: the second then
fails on a unique constraint, or duplicates rows that have none. SQLite lets one writer in at a
time by itself, so the test is PostgreSQL's.
"""

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from indicators.models import Indicator
from landmarks.models import Landmark

LANDMARKS = 109  # the entries of the report's five registries (README)


def indicators_in_the_files():
    """Data rows of data/indicators/indicators-*.tsv, counted as text (not by the loader)."""
    rows = 0
    for path in sorted((Path(settings.BASE_DIR) / "data" / "indicators").glob("indicators-*.tsv")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows += sum(1 for line in lines if not line.startswith("#")) - 1  # less the header
    return rows


def test_two_loads_at_once_on_an_empty_database_take_turns(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite admits one writer at a time itself")
    # The suite loads the report once for every test (tests/conftest.py): start from none.
    call_command("flush", interactive=False, verbosity=0)
    assert not Landmark.objects.exists() and not Indicator.objects.exists()
    start_together = Barrier(2)

    def load():
        try:
            start_together.wait(timeout=30)
            out = io.StringIO()
            call_command("load_report", stdout=out)
            return out.getvalue()
        finally:
            connection.close()  # each thread has its own connection: close it, or teardown waits

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(load) for _ in range(2)]
        outputs = [future.result(timeout=300) for future in futures]  # re-raises a thread's error

    assert Landmark.objects.count() == LANDMARKS
    assert Indicator.objects.count() == indicators_in_the_files() == 1010
    # One load wrote everything; the other waited, then found it all loaded.
    wrote = [output for output in outputs if "109 landmarks: 109 created," in output]
    waited = [output for output in outputs if "109 landmarks: 0 created, 0 updated, 0 kept as edited, 109 unchanged" in output]
    assert len(wrote) == len(waited) == 1, outputs
