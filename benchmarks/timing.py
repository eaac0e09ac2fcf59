"""What the benchmark scripts share: a throwaway database, a timer, and the table they print."""

import statistics
import time
from contextlib import contextmanager

from django.db import connection
from django.test.utils import setup_test_environment


@contextmanager
def throwaway_database():
    """A test database for the run (never the configured one), dropped afterwards."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def analyze():
    """Fresh planner statistics after growing the data (PostgreSQL; SQLite has none to refresh)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(function, repeat):
    """The median of `repeat` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def print_table(label, names, results):
    """One row per measurement, one column per size: readable in a terminal at any width.

    results: {size: [milliseconds, one per name]}.
    """
    print(f"{label:>22} " + " ".join(f"{size:>9}" for size in results))
    for index, name in enumerate(names):
        print(f"{name:>22} " + " ".join(f"{figures[index]:>9.1f}" for figures in results.values()))
