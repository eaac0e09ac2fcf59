"""Entries' stories: the report's own text about each place, verbatim, and what a re-run does to it.

Comparing a passage with the report: the report copy is the PDF's text, one printed line per line,
with blank lines between, a leading space where a page begins, and, on some pages, a page number or
a running header (第一章 | …) alone on a line. A passage joins those lines back into prose. So a
passage is compared with its cited lines after removing all whitespace from both and dropping the
page-number and running-header lines from the report's side: every other character must be there,
in order, with nothing added.
"""

import json
import re

import pytest
from django.conf import settings

from landmarks.loading import DATA_DIR, LoadError, load_registries
from landmarks.models import District, Landmark
from publishing.tsv import read_tsv
from tests.conftest import pending

REPORT_LINES = (settings.BASE_DIR / "data" / "report" / "report.txt").read_text(encoding="utf-8").splitlines()
STORIES = json.loads((DATA_DIR / "stories.json").read_text(encoding="utf-8"))["stories"]
PASSAGES = [(story, passage) for story in STORIES for passage in story["passages"]]
# A page number alone on a line, or a running header such as "第一章 | 2016 年智慧城市建设总体综述".
PAGE_FURNITURE = re.compile(r"^\s*(\d+|第.章 \| .*)\s*$")


def without_whitespace(text):
    return re.sub(r"\s+", "", text)


def cited_text(first, last):
    """Lines first to last of the report, page furniture dropped, whitespace removed."""
    lines = REPORT_LINES[first - 1 : last]
    return without_whitespace("".join(line for line in lines if not PAGE_FURNITURE.match(line)))


def _passage_id(item):
    story, passage = item
    return f"{story['kind']}-{story['sequence']}-{passage['first_line']}"


def _entry(kind, sequence):
    return Landmark.objects.get(kind=kind, sequence=sequence)


@pytest.mark.parametrize("item", PASSAGES, ids=_passage_id)
def test_each_passage_is_the_reports_text_between_its_cited_lines(item):
    story, passage = item
    first, last = passage["first_line"], passage["last_line"]
    text = without_whitespace("".join(passage["paragraphs"]))
    assert text in cited_text(first, last)
    # The citation is tight: the passage starts on its first line and ends on its last.
    assert text[:4] in without_whitespace(REPORT_LINES[first - 1])
    assert text[-2:] in without_whitespace(REPORT_LINES[last - 1])
    # How the report names the place here; only a box going on past its title may not name it again.
    assert without_whitespace(passage["named_as"]) in text if passage["named_as"] else passage["box"]


@pytest.mark.parametrize("item", [item for item in PASSAGES if item[1]["box"]], ids=_passage_id)
def test_a_passage_in_a_box_names_a_box_printed_before_it_in_the_same_chapter(item):
    _story, passage = item
    title_lines = [number for number, line in enumerate(REPORT_LINES, start=1) if line.strip() == passage["box"]]
    assert len(title_lines) == 1
    assert 0 < passage["first_line"] - title_lines[0] < 150


def test_paragraphs_have_no_line_break_artefacts():
    for _story, passage in PASSAGES:
        for paragraph in passage["paragraphs"]:
            assert paragraph == paragraph.strip() and "\n" not in paragraph and "  " not in paragraph
            # Chinese text runs on across a line break: no space between two Chinese characters.
            assert not re.search(r"[\u4e00-\u9fff，。、；：“”（）] [\u4e00-\u9fff，。、；：“”（）]", paragraph)


def test_every_story_names_a_registry_entry_by_its_printed_name():
    names = {(row["kind"], int(row["sequence"])): row["name_zh"] for row in read_tsv(DATA_DIR / "entries.tsv")}
    for story in STORIES:
        assert names[(story["kind"], story["sequence"])] == story["name_zh"]
    assert len({(story["kind"], story["sequence"]) for story in STORIES}) == len(STORIES) == 13


def test_the_summary_is_one_sentence_of_the_body(report):
    told = Landmark.objects.exclude(body="")
    assert told.count() == 13
    for landmark in told:
        assert landmark.summary and landmark.summary in landmark.body
        assert landmark.summary.endswith("。") and landmark.summary.count("。") == 1
    assert not Landmark.objects.filter(body="").exclude(summary="").exists()


# Typed by hand from data/report/report.txt (the line numbers say where), not taken from stories.json.
EXPECTED_BODY_STARTS = {
    # 5076-5078, a paragraph begun in the middle of line 5076
    ("community", 1): "上海陆家嘴社区关爱公共服务平台，于 2014 年 4 月开始试运行，2016 年 6 月完成验收，平台包含",
    # 5062, after the "；" that ends 新静安社区's clause
    ("community", 46): "松江区泖港镇通过地理信息系统与数据图形化相结合的方式，生成可视化的直观信息，",
    # 503, chapter 1 (金山区八字村 is 附表 2.2's 金山卫镇八字村)
    ("village", 3): "金山区八字村成为上海首个通过智慧村庄项目验收的单位，",
    ("village", 7): "奉贤区青村镇解放村、金山区廊下镇中华村被选择为落实智慧村庄“一村一屋”模式试点村庄，2016 年，解放村以",
    # 5119-5121: "Wi-Fi" ends line 5119
    ("village", 9): "廊下镇中华村的景区智慧 Wi-Fi 信息平台提升了农业旅游体验感知度，拓展了农产品销售渠道。",
    ("park", 27): "华鑫智慧园区从多个角度和多个层次全方位分析园区服务管理需求，并以形成园区大数据为核心",
    # 4048 (chapter 5), then 5206
    ("business_district", 4): "杨浦区五角场智慧商圈积极推进客流分析预警系统建设，建成后将有效避免公共安全事故发生。\n\n以五角场市级",
    ("business_district", 11): "金山嘴渔村围绕渔村特有的集购物、餐饮、旅游、文化为一体的特色，结合电子商务，",
    ("new_town", 2): "嘉定新城建设以嘉定新城核心区为中心，推进 5 个大类 16 个重点专项 33 个具体项目建设，",
    # 545-547 (chapter 1), then 5372 (chapter 7)
    ("new_town", 3): "积极开展虹桥商务区申报智慧新城准备工作，并于 2017 年 1 月成功获批智慧新城试点。\n\n指导虹桥商务区制定",
}


def test_specific_entries_get_the_reports_text(report):
    starts = {key: _entry(*key).body[: len(start)] for key, start in EXPECTED_BODY_STARTS.items()}
    assert starts == EXPECTED_BODY_STARTS


def test_a_box_keeps_its_list_one_item_a_paragraph_without_the_figure(report):
    body = _entry("park", 27).body
    assert "\n\n1：一张卡——仪电联名卡；\n\n1：一朵云——华鑫云；\n\n2：两个平台——运营管理平台和综合服务平台；\n\n" in body
    assert "农业 O2O 系统。" in _entry("village", 11).body
    assert "总体方案架构图" not in body and "金领" not in body  # the figure's caption and labels (5304-5331)
    assert body.endswith("助力上海国际“科创中心”建设。")  # the box's last lines, printed at 5402-5408


def test_summaries_introduce_the_place(report):
    assert _entry("new_town", 3).summary == "积极开展虹桥商务区申报智慧新城准备工作，并于 2017 年 1 月成功获批智慧新城试点。"
    assert _entry("village", 7).summary.startswith("2016 年 1 月，解放村成为苏宁在上海建设的农村电商体系的首个“智慧村庄”")


def test_places_the_registries_do_not_list_get_no_story(report):
    # 上海迪士尼园区 (5267) is not 上海国际旅游度假区 as far as the report says; the demonstration
    # communities of 5043-5045 are only named there; 虹桥商务区's story is its new town's.
    for key in [("park", 3), ("community", 12), ("community", 38), ("park", 12), ("business_district", 3)]:
        landmark = _entry(*key)
        assert (landmark.summary, landmark.body) == ("", "")
    bodies = "".join(Landmark.objects.values_list("body", flat=True))
    # The stories of places no registry lists (5051-5151, 5121-5125, 5212-5222, 5267-5283).
    for unlisted in ["瑞金街道开发", "新静安社区打", "城市 e 管家", "甘泉幸福社区", "中步村继续", "龙之梦", "迪士尼", "化工区"]:
        assert unlisted not in bodies


def test_an_editors_story_survives_a_rerun_and_overwrite_restores_it(report):
    landmark = _entry("village", 11)
    loaded_body, loaded_summary = landmark.body, landmark.summary
    assert loaded_body.startswith("松江区叶榭镇同建村建设的“互联网 + 农业”体验平台")
    landmark.body = "编辑改写的介绍。"
    landmark.save()
    summary = load_registries()
    landmark.refresh_from_db()
    assert landmark.body == "编辑改写的介绍。"
    assert landmark.summary == loaded_summary
    assert (summary.landmarks.kept, summary.landmarks.updated) == (1, 0)
    summary = load_registries(overwrite=True)
    assert pending(kind="village", sequence=11).body == loaded_body  # the entry's draft version
    assert (summary.landmarks.kept, summary.landmarks.updated) == (0, 1)


def test_a_story_saved_unchanged_from_a_browser_is_not_an_edit(report, tmp_path):
    landmark = _entry("park", 27)
    landmark.body = landmark.body.replace("\n", "\r\n")  # how a browser submits a textarea
    landmark.save()
    summary = load_registries()
    assert (summary.landmarks.kept, summary.landmarks.updated, summary.landmarks.unchanged) == (0, 0, 109)
    # So a corrected story still reaches it.
    data_dir = _copy_of_the_data(tmp_path)
    _rewrite_stories(data_dir, lambda stories: stories[6]["passages"][0].update(paragraphs=["更正的段落。"]))
    summary = load_registries(data_dir=data_dir)
    assert pending(kind="park", sequence=27).body.startswith("更正的段落。\n\n华鑫股份作为仪电控股的下属企业")
    assert (summary.landmarks.kept, summary.landmarks.updated) == (0, 1)


def test_a_database_loaded_before_the_stories_gets_them_and_keeps_a_body_an_editor_wrote(report):
    """Rows loaded before summary and body were loaded values have no snapshot of them."""
    untouched, edited = _entry("new_town", 1), _entry("new_town", 2)
    for landmark, body in [(untouched, ""), (edited, "编辑写的介绍。")]:
        for name in ("summary", "body"):
            landmark.loaded_values.pop(name)
        landmark.summary, landmark.body = "", body
        landmark.save()
    summary = load_registries()
    # Published entries: the loaded story is on each one's draft version.
    untouched, edited = pending(kind="new_town", sequence=1), pending(kind="new_town", sequence=2)
    assert untouched.body.startswith("金山新城城镇与农村地区已实现光网全覆盖")
    assert edited.body == "编辑写的介绍。"
    assert edited.summary.startswith("2016 年嘉定区以嘉定新城核心区为中心")  # still at its default, so filled
    assert summary.landmarks.updated == 2
    assert load_registries().landmarks.kept == 1  # from now on the edited body counts as an edit


def _copy_of_the_data(tmp_path):
    for path in DATA_DIR.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    return tmp_path


def _rewrite_stories(data_dir, change):
    path = data_dir / "stories.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["stories"])
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def test_a_story_naming_an_unknown_entry_writes_nothing(empty_database, tmp_path):
    data_dir = _copy_of_the_data(tmp_path)
    _rewrite_stories(data_dir, lambda stories: stories[1].update(sequence=99))
    with pytest.raises(LoadError, match=r"stories.json story 2 \(community 99 泖港镇\): no entry community 99 in entries.tsv"):
        load_registries(data_dir=data_dir)
    assert Landmark.objects.count() == 0 and District.objects.count() == 0


def test_a_bad_stories_file_changes_nothing_already_loaded(report, tmp_path):
    before = {landmark.pk: (landmark.updated_at, landmark.body) for landmark in Landmark.objects.all()}
    data_dir = _copy_of_the_data(tmp_path)

    def rename_and_break(stories):
        stories[0]["passages"][0]["paragraphs"] = ["改过的正文。"]
        stories[0]["summary"] = "改过的正文。"
        stories[-1]["name_zh"] = "虹桥商务区（新城）"

    _rewrite_stories(data_dir, rename_and_break)
    with pytest.raises(LoadError, match=r"story 13 \(new_town 3 虹桥商务区（新城）\): entries.tsv names new_town 3 '虹桥商务区'"):
        load_registries(data_dir=data_dir)
    assert {landmark.pk: (landmark.updated_at, landmark.body) for landmark in Landmark.objects.all()} == before


def test_a_missing_stories_file_writes_nothing(empty_database, tmp_path):
    data_dir = _copy_of_the_data(tmp_path)
    (data_dir / "stories.json").unlink()
    with pytest.raises(LoadError, match=r"cannot read .*stories.json"):
        load_registries(data_dir=data_dir)
    assert Landmark.objects.count() == 0


def test_a_summary_that_is_not_in_the_body_is_refused(db, tmp_path):
    data_dir = _copy_of_the_data(tmp_path)
    _rewrite_stories(data_dir, lambda stories: stories[0].update(summary="陆家嘴社区是一个智慧社区。"))
    with pytest.raises(LoadError, match=r"story 1 \(community 1 陆家嘴街道\): the summary is not a sentence of the body"):
        load_registries(data_dir=data_dir)
