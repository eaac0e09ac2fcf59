"""Benchmark: how the figures' pages and API behave as the data grows.

Builds a throwaway test database (never the configured one), loads the report (registries and
~680 observations), then multiplies the observations: each size adds copies of every indicator
(own code, same domain) with a value for each of 2011–2016 in the city and every district, so
that the number of observations grows about a hundredfold per indicator copy. Times, at each
size: the indicator list, an indicator page with its chart, the development index, the action
plan, the home page, and the API's indicators, observations (one domain, 2015–2016, JSON and
CSV) and targets, and the search. Prints a table; asserts nothing beyond each answer being 200.

How the search serves a 1–2 character Chinese query: as any other, by substring (LIKE
'%网%'), which no index can narrow, so PostgreSQL scans the quotes (a pg_trgm index, as the
landmarks' names have, needs three characters to help). Each kind costs a count and a sorted
first page, both reading every quote: at a million observations that scan is the search's cost,
and the table shows it. The report's text is searched in memory (parsed once per process).

    .venv/bin/python benchmarks/indicators.py                     # SQLite
    scripts/with-postgres .venv/bin/python benchmarks/indicators.py
    .venv/bin/python benchmarks/indicators.py --sizes 1 10 100 --repeat 5
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.timing import analyze, print_table, throwaway_database, timed  # noqa: E402
from indicators.loading import load_indicators  # noqa: E402
from indicators.models import Indicator, Observation  # noqa: E402
from landmarks.models import District  # noqa: E402
from portal.loading import load_report  # noqa: E402

YEARS = range(2011, 2017)
PATHS = {
    "page /indicators/": "/en/indicators/",
    "page indicator": "/en/indicators/ngb-households/",
    "page index": "/en/indicators/smart-city-development-index/",
    "page action plan": "/en/action-plan/2014-2016/",
    "page home": "/en/",
    "api indicators": "/api/v1/indicators/",
    "api observations": "/api/v1/observations/?domain=infrastructure&year_min=2015&year_max=2016",
    "api observations csv": "/api/v1/observations/?domain=infrastructure&year_min=2015&year_max=2016&format=csv",
    "api targets": "/api/v1/targets/",
    # The one search (portal/search.py) with 1 and 2 Chinese characters, and English.
    "api search 网": "/api/v1/search/?q=网",
    "api search 宽带": "/api/v1/search/?q=宽带",
    "api search broadband": "/api/v1/search/?q=broadband",
}


def fetch(path):
    client = Client()

    def get():
        cache.clear()  # every figure here is the uncached cost (rate counters aside)
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, (path, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)

    return get


def grow_to(copies):
    """Add copies of the report's indicators, each with a value per year and place."""
    originals = list(Indicator.objects.filter(code__in=_loaded_codes()))
    places = [None, *District.objects.current()]
    have = (Indicator.objects.count() - len(originals)) // len(originals)
    for copy in range(have + 1, copies):
        clones = Indicator.objects.bulk_create(
            [
                Indicator(
                    code=f"{original.code}-copy-{copy}",
                    domain_id=original.domain_id,
                    name_zh=f"{original.name_zh}{copy}",
                    name_en=f"{original.name_en} {copy}",
                    unit=original.unit,
                    unit_en=original.unit_en,
                    position=original.position + 1000 * copy,
                    state=Indicator.State.PUBLISHED,
                )
                for original in originals
            ],
            batch_size=1000,
        )
        Observation.objects.bulk_create(
            [
                Observation(indicator=clone, year=year, district=place, value=year - 2000, printed=str(year - 2000),
                            quote="基准测试", chapter="2", line=1)
                for clone in clones
                for year in YEARS
                for place in places
            ],
            batch_size=2000,
        )


def _loaded_codes():
    return [code for code in Indicator.objects.exclude(loaded_values={}).values_list("code", flat=True)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 3, 10], help="copies of the indicators")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with throwaway_database():
        load_report()
        print(f"database: {connection.vendor}; median of {args.repeat} runs, milliseconds, cache cleared")
        results = {}
        for size in args.sizes:
            grow_to(size)
            analyze()
            figures = [timed(fetch(path), args.repeat) for path in PATHS.values()]
            figures.append(timed(load_indicators, 1))
            results[Observation.objects.count()] = figures
        print_table("observations", [*PATHS, "re-run loader"], results)

if __name__ == "__main__":
    main()
