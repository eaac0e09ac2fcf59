"""Every number the report prints, from chapter 1 to the end of 附录 1, is accounted for:
data/indicators/audit/, one file per chapter (indicators/audit.py says the rules).

Each row is one occurrence of \\d+(?:\\.\\d+)? on a line, in order: an observation (its own line's
figure, kind empty, or the figure printed again, kind `restatement`) or a kind and a reason it is
not a figure. A figure and its observation agree in one of two ways:

A. the observation was read from this same printed number: its `printed` (whitespace ignored) is
   the number (rows next to each other on one line with the same observation are one number the
   PDF split with a space, "10 433"; for a derived row, `printed` is the stated change or rate); or
B. the observation is not derived and its value is the number times the factor from a unit the
   report prints right after it to the indicator's unit: "17 500 台" is the 1.75 万台 of chapter 6.

Anything else (a rounded "约 7 万例" against an exact 69 792) is a different reading, recorded as one.
`scripts/check-indicator-data` runs the same checks without Django.
"""

import shutil
import subprocess
import sys
from decimal import Decimal

import pytest

from indicators.audit import AUDIT_KINDS, RESTATEMENT, chinese_number
from indicators.models import Observation
from indicators.sourcedata import DATA_DIR, SourceData

SOURCE = SourceData()
PRESENT = [part for part in SOURCE.parts if part.name in SOURCE.audits]
MISSING = SOURCE.missing_audits()


def test_the_parts_run_from_chapter_1_to_the_line_before_appendix_2():
    spans = {part.name: (part.first, part.last) for part in SOURCE.parts}
    assert spans["chapter-01"] == (201, 674)
    assert spans["chapter-02"] == (675, 1091)
    assert spans["chapter-10"] == (6672, 7207)
    assert spans["appendix-1"] == (7208, 7596)
    assert SOURCE.report.lines[7596].strip() == "附录 2"
    assert len(spans) == 11


@pytest.mark.parametrize("part", PRESENT, ids=lambda part: part.name)
def test_the_audit_file_accounts_for_every_number_of_its_part(part):
    assert SOURCE.audit_problems(names={part.name}) == []


def test_each_figure_has_one_own_line_and_every_quoted_observation_is_audited():
    check = SOURCE.audit_check()
    assert check.across_problems(SOURCE.parts, SOURCE.audits) == []


def test_every_part_has_its_audit_file():
    assert MISSING == []


def test_chapter_1_rows_have_their_kinds():
    rows = SOURCE.audits["chapter-01"]
    kinds = {row["kind"] for row in rows}
    assert kinds <= {"", *AUDIT_KINDS}
    assert sum(row["kind"] == RESTATEMENT for row in rows) > 100  # chapter 1 restates the body
    assert all(row["kind"] for row in rows if not row["observation"])


def test_chinese_numerals_are_read():
    assert [chinese_number(text) for text in ("三", "十", "十二", "二十", "两", "一百零五", "家")] == [
        3, 10, 12, 20, 2, 105, None
    ]


# --- the checks fail on a wrong file --------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path):
    directory = tmp_path / "indicators"
    shutil.copytree(DATA_DIR, directory)
    return directory


def edited(directory, old, new):
    path = directory / "audit" / "chapter-01.tsv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return SourceData(directory, report=SOURCE.report).problems()


# (what the file says, what it is changed to, the problem the check must report)
WRONG_FILES = {
    "a number left out": (
        "221\t1\t\tfootnote\tfootnote marker [1]\n", "", "the next number of chapter-01 is '1' of line 221"
    ),
    "a kind not in the list": ("\tfootnote\tfootnote marker [1]", "\tmarker\tfootnote marker [1]", "kind 'marker' is not one of"),
    "no kind for a number without observation": ("\tfootnote\tfootnote", "\t\tfootnote", "needs a kind"),
    "a restatement on the quote's own line": (
        "smart-city-development-index/2016/shanghai/1\t\t",
        f"smart-city-development-index/2016/shanghai/1\t{RESTATEMENT}\t",
        "not a restatement",
    ),
    "a figure printed again without its kind": (
        "573\t6904.35\tsoftware-info-services-revenue/2016/shanghai/2\trestatement\t",
        "573\t6904.35\tsoftware-info-services-revenue/2016/shanghai/2\t\t",
        "printed again",
    ),
    "the wrong observation": (
        "219\t92.9\tnetwork-readiness-index",
        "219\t92.9\tsmart-applications-index",
        "92.9 on line 219 is not smart-applications-index/2016/shanghai/1",
    ),
    "an unknown observation": (
        "network-readiness-index/2016/shanghai/1",
        "network-readiness-index/2016/shanghai/9",
        "no observation network-readiness-index/2016/shanghai/9",
    ),
    "a Chinese numeral its line does not print": (
        "219\t92.9\t", "219\t九\tnetwork-readiness-index/2016/shanghai/1\t\t\n219\t92.9\t", "line 219 does not print '九'"
    ),
    "a Chinese numeral out of line order": (
        "217\t2016\t", "221\t三\tsmart-city-development-index/2016/shanghai/1\t\t\n217\t2016\t", "out of line order"
    ),
    # Line 217 prints 三大支撑体系: pointing it at the index 97.65 is the wrong figure.
    "a Chinese numeral that is not its observation's figure": (
        "217\t2016\t", "217\t三\tsmart-city-development-index/2016/shanghai/1\t\t\n217\t2016\t", "is not the '三' printed here"
    ),
    "a retired code": (
        "software-info-services-revenue/2016/shanghai/2", "information-services-revenue/2016/shanghai/2",
        "'information-services-revenue' is retired: write 'software-info-services-revenue'",
    ),
}


@pytest.mark.parametrize("case", WRONG_FILES)
def test_the_check_finds(data_copy, case):
    old, new, message = WRONG_FILES[case]
    problems = edited(data_copy, old, new)
    assert any(message in problem for problem in problems), problems


def test_the_script_runs_the_same_checks(data_copy):
    edited(data_copy, "\tfootnote\tfootnote marker [1]", "\tmarker\tfootnote marker [1]")
    script = DATA_DIR.parent.parent / "scripts" / "check-indicator-data"
    good = subprocess.run([sys.executable, script], capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stdout
    bad = subprocess.run([sys.executable, script, data_copy], capture_output=True, text=True, check=False)
    assert bad.returncode == 1 and "kind 'marker' is not one of" in bad.stdout


# --- with the figures loaded -------------------------------------------------------------------


def loaded(key):
    code, year, geography, reading = key.split("/")
    place = {"district__isnull": True} if geography == "shanghai" else {"district__slug": geography}
    return Observation.objects.filter(indicator__code=code, year=int(year), reading=int(reading), **place).first()


@pytest.mark.django_db
def test_every_audited_observation_is_loaded(figures):
    keys = {row["observation"] for rows in SOURCE.audits.values() for row in rows if row["observation"]}
    assert len(keys) > 200
    assert [key for key in sorted(keys) if loaded(key) is None] == []


@pytest.mark.django_db
def test_an_observation_knows_the_lines_that_print_it_again(figures):
    again = SOURCE.printed_again_at()
    assert again
    for key, lines in again.items():
        assert loaded(key).printed_again_at == lines, key
    # Chapter 1's "占第三产业比重达到 10.1%" (line 575) and chapter 8's overview (line 5471) print
    # again §三's figure (line 5758).
    share = loaded("software-info-services-tertiary-share/2016/shanghai/1")
    assert (share.line, share.printed_again_at) == (5758, [575, 5471])


@pytest.mark.django_db
def test_a_rounded_restatement_is_a_second_reading(figures):
    # Line 618 "黑客攻击约 7 万例" against chapter 9's exact 69 792 (line 6413).
    readings = dict(
        Observation.objects.filter(indicator__code="hacker-attacks", year=2016, district=None).values_list("reading", "value")
    )
    assert readings == {1: Decimal("69792"), 2: Decimal("70000")}
    second = Observation.objects.get(indicator__code="hacker-attacks", year=2016, district=None, reading=2)
    assert (second.chapter, second.qualifier, second.line) == ("1", "约", 618)
    assert second.note_en

