"""The 109 entries' English names, reviewed and pinned (issue 15, item 4), and slugs that stay put.

tests/landmarks/english_names.tsv holds every name and slug as reviewed: the rule of
landmarks/naming.py must give these names, the loaded entries must show them, and the slugs are
those slugs.tsv fixes, whatever the names become.
"""

from pathlib import Path

import pytest

from landmarks import naming
from landmarks.loading import DATA_DIR, load_registries
from landmarks.models import Landmark
from publishing.tsv import read_tsv

EXPECTED = read_tsv(Path(__file__).with_name("english_names.tsv"))
ENTRIES = {(row["kind"], row["sequence"]): row["name_zh"] for row in read_tsv(DATA_DIR / "entries.tsv")}


def test_the_review_covers_every_entry_once():
    assert len(EXPECTED) == 109
    assert {(row["kind"], row["sequence"]): row["name_zh"] for row in EXPECTED} == ENTRIES


@pytest.mark.parametrize("row", EXPECTED, ids=lambda row: f"{row['kind']}-{row['sequence']}")
def test_the_rule_gives_the_reviewed_name(row):
    assert naming.english_name(row["name_zh"]) == row["name_en"]


@pytest.mark.parametrize(
    ("name_zh", "name_en"),
    [
        # numbering of roads and residents' committees
        ("石门二路街道", "Shimen No. 2 Road Subdistrict"),
        ("正阳二居", "Zhengyang No. 2 Residents' Committee"),
        ("江海五居", "Jianghai No. 5 Residents' Committee"),
        # numerals that are part of a proper name stay romanised
        ("五里桥街道", "Wuliqiao Subdistrict"),
        ("七宝镇", "Qibao Town"),
        ("金山卫镇八字村", "Jinshanwei Town Bazi Village"),
        ("五角场", "Wujiaochang"),
        ("三星镇育德村", "Sanxing Town Yude Village"),
        ("第一八佰伴", "No. 1 Yaohan"),
        # place words and abbreviations
        ("新西虹桥", "New West Hongqiao"),
        ("西虹桥商务区", "West Hongqiao Business District"),
        ("上海财大虹口科技园", "Shanghai University of Finance and Economics Hongkou Science Park"),
        ("财大", "Shanghai University of Finance and Economics"),
    ],
)
def test_the_rules_of_the_issue(name_zh, name_en):
    assert naming.english_name(name_zh) == name_en


def test_slugs_are_the_fixed_ones():
    pinned = {(row["kind"], row["sequence"]): row["slug"] for row in read_tsv(DATA_DIR / "slugs.tsv")}
    assert pinned == {(row["kind"], row["sequence"]): row["slug"] for row in EXPECTED}
    # The names were fixed; the addresses were not moved by it.
    assert pinned[("community", "12")] == "shimener-road-subdistrict"
    assert pinned[("park", "19")] == "shanghai-caida-hongkou-science-park"


@pytest.mark.django_db
def test_the_loaded_entries_show_the_reviewed_names_at_their_fixed_slugs(report):
    loaded = {(landmark.kind, str(landmark.sequence)): landmark for landmark in Landmark.objects.records()}
    for row in EXPECTED:
        landmark = loaded[(row["kind"], row["sequence"])]
        assert (landmark.name_en, landmark.slug) == (row["name_en"], row["slug"]), row.where


@pytest.mark.django_db
def test_a_reload_after_a_name_is_fixed_keeps_the_slug(report, client):
    # A database loaded with the old rule: the old name, as the loader wrote it.
    landmark = Landmark.objects.records().get(kind="community", sequence=12)
    landmark.name_en = "Shimen'er Road Subdistrict"
    landmark.loaded_values = {**landmark.loaded_values, "name_en": "Shimen'er Road Subdistrict"}
    landmark.save()
    load_registries()
    landmark.refresh_from_db()
    # The entry is live, so the fixed name waits in its draft version for review (issue 12);
    # neither the live entry's address nor the version's moves.
    version = landmark.versions.get()
    assert (version.name_en, version.slug) == ("Shimen No. 2 Road Subdistrict", "shimener-road-subdistrict")
    assert landmark.slug == "shimener-road-subdistrict"
    assert client.get("/en/landmarks/community/shimener-road-subdistrict/").status_code == 200
