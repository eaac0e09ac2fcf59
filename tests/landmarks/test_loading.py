"""The loader against the report: every entry, field by field, and what a re-run does."""

import io

import pytest
from django.core.management import call_command

from landmarks.loading import load_registries
from landmarks.models import Batch, DataNote, District, Landmark
from tests.conftest import pending
from tests.landmarks.report_expectations import COUNTS, ENTRIES

pytestmark = pytest.mark.django_db

ENTRIES_FIELDS = (
    "kind", "sequence", "name_zh", "districts_as_printed", "district_slugs", "batch", "designated", "is_demonstration"
)
TABLES = {
    "community": "附表 2.1",
    "village": "附表 2.2",
    "park": "附表 2.3",
    "business_district": "附表 2.4",
    "new_town": "附表 2.5",
}


def _entry(kind, sequence):
    return (
        Landmark.objects.select_related("batch")
        .prefetch_related("district_links__district")
        .get(kind=kind, sequence=sequence)
    )


def test_counts_per_registry_are_the_reports(report):
    counts = {kind: Landmark.objects.filter(kind=kind).count() for kind in COUNTS}
    assert counts == {"community": 50, "village": 14, "park": 30, "business_district": 12, "new_town": 3}
    assert counts == COUNTS
    assert Landmark.objects.count() == 109
    assert report.landmarks.created == 109


def _as_loaded(landmark):
    """The loaded entry in the shape of report_expectations.ENTRIES."""
    printed_links = [link for link in landmark.district_links.all() if link.as_printed]
    return (
        landmark.kind,
        landmark.sequence,
        landmark.name_zh,
        landmark.districts_as_printed,
        tuple(link.district.slug for link in printed_links),
        landmark.batch.ordinal if landmark.batch else None,
        landmark.designated_iso() or None,
        landmark.is_demonstration,
    )


def test_every_entry_matches_the_appendix_field_by_field(report):
    loaded = {
        (landmark.kind, landmark.sequence): landmark
        for landmark in Landmark.objects.select_related("batch").prefetch_related("district_links__district")
    }
    assert sorted(loaded) == sorted((entry[0], entry[1]) for entry in ENTRIES)
    fields = ENTRIES_FIELDS
    mismatches = [
        (expected[0], expected[1], name, want, got)
        for expected in ENTRIES
        for name, want, got in zip(fields, expected, _as_loaded(loaded[expected[:2]]), strict=True)
        if want != got
    ]
    assert mismatches == []


def test_every_entry_is_published_and_cites_its_table_row(report):
    for landmark in Landmark.objects.all():
        table = TABLES[landmark.kind]
        assert landmark.state == Landmark.State.PUBLISHED
        assert (landmark.source_table, landmark.source_row) == (table, landmark.sequence)
        assert landmark.citation == f"《2017 上海产业和信息化发展报告——智慧城市》, 附录 2, {table}, row {landmark.sequence}"


def test_batches_keep_the_precision_the_report_prints(report):
    batches = {(b.kind, b.ordinal): (b.announced.isoformat(), b.as_printed) for b in Batch.objects.all()}
    assert batches == {
        ("village", 1): ("2014-12-03", "第一批（2014 年 12 月 3 日）"),
        ("village", 2): ("2015-12-22", "第二批（2015 年 12 月 22 日）"),
        ("park", 1): ("2014-05", "第一批（2014 年 5 月）"),
        ("park", 2): ("2014-10", "第二批（2014 年 10 月）"),
        ("park", 3): ("2016-09", "第三批（2016 年 9 月）"),
        ("business_district", 1): ("2015-05", "第一批（2015 年 5 月）"),
        ("business_district", 2): ("2017-01", "第二批（2017 年 1 月）"),
    }


def test_a_month_is_never_shown_as_its_first_day(report):
    from django.utils import translation

    park = _entry("park", 1)
    assert park.designated_iso() == "2014-05"
    with translation.override("zh-hans"):
        assert park.designated_display() == "2014年5月"
    with translation.override("en"):
        assert park.designated_display() == "May 2014"
    village = _entry("village", 1)
    with translation.override("zh-hans"):
        assert village.designated_display() == "2014年12月3日"


def test_demonstration_communities_are_the_five_starred(report):
    starred = Landmark.objects.filter(is_demonstration=True).order_by("sequence")
    assert [(entry.kind, entry.sequence, entry.name_zh) for entry in starred] == [
        ("community", 1, "陆家嘴街道"),
        ("community", 12, "石门二路街道"),
        ("community", 22, "周家桥街道"),
        ("community", 30, "友谊路街道"),
        ("community", 38, "古美路街道"),
    ]


def test_hongqiao_is_a_park_and_a_new_town_linked_to_each_other(report):
    park, town = _entry("park", 12), _entry("new_town", 3)
    assert park.pk != town.pk
    assert list(park.same_place.all()) == [town]
    assert list(town.same_place.all()) == [park]
    assert park.is_city_level is True
    assert sorted(park.districts.values_list("slug", flat=True)) == ["changning", "jiading", "minhang", "qingpu"]


def test_new_towns_take_their_districts_from_the_body_with_the_source(report):
    links = {
        sequence: sorted((link.district.slug, link.source) for link in _entry("new_town", sequence).district_links.all())
        for sequence in (1, 2)
    }
    assert links == {
        1: [("jinshan", "line 5378: 金山区有序推进金山智慧新城各试点项目实施")],
        2: [("jiading", "line 5390: 2016 年嘉定区以嘉定新城核心区为中心")],
    }


def test_report_disagreements_are_data_notes_with_both_readings(report):
    assert DataNote.objects.count() == 13
    new_towns = DataNote.objects.get(key="new-towns-count-appendix-1")
    assert (new_towns.loaded_reading, new_towns.loaded_source) == ("3 虹桥商务区 2017 年 1 月", "附表 2.5")
    assert (new_towns.other_reading, new_towns.other_source, new_towns.other_line) == ("2 个智慧新城", "附录 1", 7399)
    batch_date = DataNote.objects.get(key="business-districts-batch-2-date")
    assert batch_date.batch == Batch.objects.get(kind="business_district", ordinal=2)
    village = DataNote.objects.get(key="village-3-name")
    assert village.landmark == _entry("village", 3)
    assert village.other_reading == "金山区八字村"


def test_english_names_and_slugs_are_made_by_rule(report):
    landmark = _entry("community", 1)
    assert (landmark.name_en, landmark.slug) == ("Lujiazui Subdistrict", "lujiazui-subdistrict")
    assert (landmark.pinyin, landmark.initials) == ("lujiazuijiedao", "ljzjd")
    assert _entry("village", 1).name_en == "Lühua Town Lügang Village"
    slugs = list(Landmark.objects.values_list("kind", "slug"))
    assert len(slugs) == len(set(slugs))
    assert all(slug and slug.isascii() and slug == slug.lower() for _, slug in slugs)


def test_a_second_run_changes_nothing(report):
    before = {entry.pk: (entry.updated_at, entry.name_en, entry.slug) for entry in Landmark.objects.all()}
    links_before = sorted(Landmark.districts.through.objects.values_list("pk", "landmark_id", "district_id"))
    again = load_registries()
    assert (again.landmarks.created, again.landmarks.updated, again.landmarks.unchanged) == (0, 0, 109)
    assert (again.districts.unchanged, again.batches.unchanged, again.notes.unchanged) == (17, 7, 13)
    assert {entry.pk: (entry.updated_at, entry.name_en, entry.slug) for entry in Landmark.objects.all()} == before
    assert sorted(Landmark.districts.through.objects.values_list("pk", "landmark_id", "district_id")) == links_before
    assert Landmark.objects.count() == 109 and District.objects.count() == 17 and Batch.objects.count() == 7


def test_an_editors_change_survives_a_rerun(report):
    landmark = _entry("community", 1)
    landmark.name_en = "Lujiazui Sub-district"
    landmark.state = Landmark.State.WITHDRAWN
    landmark.save()
    summary = load_registries()
    landmark.refresh_from_db()
    assert landmark.name_en == "Lujiazui Sub-district"
    assert landmark.state == Landmark.State.WITHDRAWN
    assert (summary.landmarks.kept, summary.landmarks.unchanged) == (1, 108)


def test_an_editors_district_change_survives_a_rerun(report):
    landmark = _entry("business_district", 6)  # 淮海中路: 黄浦区 / 徐汇区
    landmark.district_links.filter(district__slug="xuhui").delete()
    load_registries()
    assert list(landmark.districts.values_list("slug", flat=True)) == ["huangpu"]


def test_overwrite_puts_the_reports_values_back(report):
    landmark = _entry("community", 1)
    landmark.name_en = "Edited"
    landmark.save()
    landmark.district_links.all().delete()
    out = io.StringIO()
    call_command("load_report", "--overwrite", stdout=out)
    # On the entry's draft version: the public sees the entry as it is until a publisher approves.
    version = pending(kind="community", sequence=1)
    assert version.draft_of_id == landmark.pk and version.state == Landmark.State.DRAFT
    assert version.name_en == "Lujiazui Subdistrict"
    assert list(version.districts.values_list("slug", flat=True)) == ["pudong"]
    landmark.refresh_from_db()
    assert landmark.name_en == "Edited" and not landmark.districts.exists()
    assert "109 landmarks: 0 created, 1 updated, 0 kept as edited, 108 unchanged" in out.getvalue()


def test_command_reports_what_it_did_and_what_it_kept(report):
    landmark = _entry("park", 5)
    landmark.slug = "expo"
    landmark.save()
    out = io.StringIO()
    call_command("load_report", stdout=out)
    assert out.getvalue().splitlines()[:5] == [
        "17 districts: 0 created, 0 updated, 0 kept as edited, 17 unchanged",
        "7 batches: 0 created, 0 updated, 0 kept as edited, 7 unchanged",
        "109 landmarks: 0 created, 0 updated, 1 kept as edited, 108 unchanged",
        "13 data notes: 0 created, 0 updated, 0 kept as edited, 13 unchanged",
        "1 entry keeps editors' changes; run with --overwrite to restore the report's values.",
    ]


def test_a_fix_to_the_data_reaches_fields_no_editor_touched(report, tmp_path, settings):
    """When a transcription is corrected, a re-run updates the rows that still hold the old value."""
    from landmarks.loading import DATA_DIR

    for path in DATA_DIR.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    entries = tmp_path / "entries.tsv"
    entries.write_text(entries.read_text(encoding="utf-8").replace("\t五里桥街道\t", "\t五里桥街道（更正）\t"), "utf-8")
    summary = load_registries(data_dir=tmp_path)
    assert summary.landmarks.updated == 1
    landmark = pending(kind="community", sequence=11)  # a published entry: its draft version
    assert landmark.is_version
    assert landmark.name_zh == "五里桥街道（更正）"
    assert landmark.pinyin.startswith("wuliqiaojiedao")


def test_a_bad_data_file_writes_nothing(empty_database, tmp_path):
    from landmarks.loading import DATA_DIR, LoadError

    for path in DATA_DIR.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    entries = tmp_path / "entries.tsv"
    entries.write_text(entries.read_text(encoding="utf-8").replace("\t青浦区\t\t\t7672", "\t青浦县\t\t\t7672"), "utf-8")
    with pytest.raises(LoadError, match="附表 2.1 row 37: unknown district '青浦县'"):
        load_registries(data_dir=tmp_path)
    assert Landmark.objects.count() == 0 and District.objects.count() == 0


def test_command_fails_with_a_message_and_writes_nothing(empty_database, tmp_path):
    from django.core.management.base import CommandError

    from landmarks import loading

    for path in loading.DATA_DIR.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    batches = tmp_path / "batches.tsv"
    batches.write_text(batches.read_text(encoding="utf-8").replace("\t2014-05\t", "\t2014-13\t"), "utf-8")
    with pytest.raises(CommandError, match=r"Nothing was loaded: batch park 1: '2014-13' is not a real date \(month must be in 1..12\)"):
        call_command("load_report", "--data-dir", str(tmp_path), stdout=io.StringIO())
    assert Batch.objects.count() == 0


def test_command_names_a_missing_folder(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Nothing was loaded: cannot read .*districts.tsv"):
        call_command("load_report", "--data-dir", str(tmp_path / "missing"), stdout=io.StringIO())
