"""Benchmark: how the registries' queries behave as the data grows.

Builds a throwaway test database (never the configured one), loads the report, then multiplies
the 109 entries (copies with their own numbers, names and slugs) and times, at each size:
the search of the admin and the directory (Chinese substring, pinyin, initials, English), a
registry page of 50 entries with batch and districts, the home page's counts, whole public
pages (directory with facets, filtered, searched; districts; an entry) and a re-run of the
loader. Prints a table; asserts nothing beyond each page answering 200.

    .venv/bin/python benchmarks/landmarks.py                  # SQLite
    scripts/with-postgres .venv/bin/python benchmarks/landmarks.py
    .venv/bin/python benchmarks/landmarks.py --sizes 1 10 100 1000 --repeat 20
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.timing import analyze, print_table, throwaway_database, timed  # noqa: E402
from landmarks.loading import load_registries  # noqa: E402
from landmarks.models import Landmark, LandmarkDistrict  # noqa: E402
from portal.loading import load_report  # noqa: E402

QUERIES = {
    "search 陆家嘴": lambda: list(Landmark.objects.published().search("陆家嘴")[:50]),
    "search lujiazui": lambda: list(Landmark.objects.published().search("lujiazui")[:50]),
    "search ljz": lambda: list(Landmark.objects.published().search("ljz")[:50]),
    "search Expo": lambda: list(Landmark.objects.published().search("Expo")[:50]),
    "search (no match)": lambda: list(Landmark.objects.published().search("不存在的名称")[:50]),
    "registry page of 50": lambda: [
        (landmark.batch, list(landmark.districts.all()))
        for landmark in Landmark.objects.published().filter(kind="park").for_listing().in_registry_order()[:50]
    ],
    "counts per registry": lambda: Landmark.objects.published().count_per_kind(),
}


def page(path):
    """A whole public page through Django's test client: views, facets, templates."""
    client = Client()

    def get():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)

    return get


PAGES = {
    "page /landmarks/": page("/landmarks/"),
    "page ?kind&district": page("/landmarks/?kind=park&district=pudong"),
    "page ?q=lujiazui": page("/landmarks/?q=lujiazui"),
    "page /districts/": page("/districts/"),
    "page district": page("/districts/pudong/"),
    "page entry": page("/landmarks/park/hongqiao-business-district/"),
    # The one search over every kind (portal/search.py): 1 and 2 Chinese characters, pinyin.
    "page /search/?q=陆": page("/search/?q=陆"),
    "page /search/?q=陆家": page("/search/?q=陆家"),
    "page /search/?q=lujiazui": page("/search/?q=lujiazui"),
}


def grow_to(copies):
    """Add copies of the report's entries until there are `copies` times 109."""
    originals = list(Landmark.objects.filter(source_table__gt="").prefetch_related("district_links"))
    have = Landmark.objects.count() // len(originals)
    for copy in range(have, copies):
        clones = []
        for original in originals:
            clones.append(
                Landmark(
                    kind=original.kind,
                    registry_position=original.registry_position,
                    sequence=original.sequence + 1000 * copy,
                    name_zh=f"{original.name_zh}{copy}",
                    name_en=f"{original.name_en} {copy}",
                    slug=f"{original.slug}-{copy}",
                    pinyin=f"{original.pinyin}{copy}",
                    initials=f"{original.initials}{copy}",
                    batch_id=original.batch_id,
                    designated_on=original.designated_on,
                    designated_precision=original.designated_precision,
                    is_demonstration=original.is_demonstration,
                    state=original.state,
                )
            )
        Landmark.objects.bulk_create(clones, batch_size=1000)
        LandmarkDistrict.objects.bulk_create(
            [
                LandmarkDistrict(landmark=clone, district_id=link.district_id, as_printed=link.as_printed)
                for clone, original in zip(clones, originals, strict=True)
                for link in original.district_links.all()
            ],
            batch_size=1000,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000], help="multiples of 109")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    with throwaway_database():
        load_report()
        print(f"database: {connection.vendor}; median of {args.repeat} runs, milliseconds")
        results = {}
        for size in args.sizes:
            grow_to(size)
            analyze()
            figures = [timed(query, args.repeat) for query in [*QUERIES.values(), *PAGES.values()]]
            figures.append(timed(load_registries, 1))
            results[Landmark.objects.count()] = figures
        print_table("entries", [*QUERIES, *PAGES, "re-run loader"], results)

if __name__ == "__main__":
    main()
