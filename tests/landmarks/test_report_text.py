"""Every row of the transcribed data cites a line of the report: the cited text must be there."""

import json
import re

import pytest
from django.conf import settings

from landmarks.loading import DATA_DIR
from publishing.tsv import read_tsv

REPORT_LINES = (settings.BASE_DIR / "data" / "report" / "report.txt").read_text(encoding="utf-8").splitlines()
# Where 附录 2 starts and ends in the report copy.
APPENDIX_2 = range(7597, len(REPORT_LINES) + 1)


def line(number):
    return REPORT_LINES[number - 1]


def readings_from(number, lines=6):
    """The report from a line on, as prose (wrapped lines run on) and as a table (cells spaced)."""
    parts = [part.strip() for part in REPORT_LINES[number - 1 : number - 1 + lines] if part.strip()]
    return "".join(parts), " ".join(parts)


def is_printed_at(text, number):
    return any(text in reading for reading in readings_from(number))


def test_the_report_copy_is_the_shared_report():
    shared = settings.BASE_DIR.parent / "shared" / "report" / "000_b69af8441e719afe.txt"
    if not shared.exists():
        pytest.skip("no shared/ folder beside this checkout")
    assert shared.read_bytes() == (settings.BASE_DIR / "data" / "report" / "report.txt").read_bytes()


@pytest.mark.parametrize("row", read_tsv(DATA_DIR / "entries.tsv"), ids=lambda row: f"{row['kind']}-{row['sequence']}")
def test_each_entry_is_printed_on_its_cited_line(row):
    number = int(row["line"])
    assert number in APPENDIX_2
    printed = line(number).strip()
    # "序号 [所在区] 名称 [获批时间]", or the name alone where the table printed 序号 and 所在区 above it.
    assert row["name_zh"] in printed
    leading_number = re.match(r"\d+ ", printed)
    assert leading_number is None or int(leading_number.group()) == int(row["sequence"])
    assert printed.endswith(" *") == (row["is_demonstration"] == "yes")
    if row["approved"]:
        year, month = row["approved"].split("-")
        assert printed.endswith(f"{int(year)} 年 {int(month)} 月")


@pytest.mark.parametrize("row", read_tsv(DATA_DIR / "batches.tsv"), ids=lambda row: f"{row['kind']}-{row['ordinal']}")
def test_each_batch_is_printed_on_its_cited_line(row):
    assert line(int(row["line"])).strip() == row["as_printed"]
    year, month, *day = row["announced"].split("-")
    expected = f"{int(year)} 年 {int(month)} 月" + (f" {int(day[0])} 日" if day else "")
    assert expected in row["as_printed"]


@pytest.mark.parametrize("row", read_tsv(DATA_DIR / "links.tsv"), ids=lambda row: f"{row['link']}-{row['line']}")
def test_each_link_quotes_its_cited_line(row):
    assert row["quote"] in line(int(row["line"]))


@pytest.mark.parametrize(
    "note", json.loads((DATA_DIR / "notes.json").read_text(encoding="utf-8")), ids=lambda note: note["key"]
)
def test_each_data_note_quotes_both_readings_where_it_says(note):
    assert is_printed_at(note["loaded_reading"], note["loaded_line"])
    assert is_printed_at(note["other_reading"], note["other_line"])
    assert note["loaded_reading"] != note["other_reading"]
