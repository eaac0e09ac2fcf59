"""Every number chapter 1 prints is accounted for: data/indicators/chapter1-audit.tsv.

Chapter 1 (the overview, report lines 201-674) restates figures the later chapters give; the issue
asks that each figure it states as a single value with a unit is loaded. The audit file lists every
number of those lines, one row per occurrence, with the observation that records it or the reason it
is not a figure (a year, a page number, part of a name...).

The rule an audited figure must meet (test_every_audited_figure_is_loaded_with_its_printed_value):
the row's number — rows next to each other on one line with the same observation are one number the
PDF split with a space, "10 433" — and the observation must agree in one of two ways:

A. the observation was read from this same printed number: its `printed` (whitespace ignored) is the
   number (it may quote a later chapter that prints the same figure; for a derived row, `printed` is
   the stated change or rate the value is worked out from); or
B. the observation is not derived and its value is the number times the factor from a unit the report
   prints right after the number (whitespace and line breaks ignored) to the indicator's unit
   (indicators.sourcedata.unit_factor): "17 500 台" is the 1.75 万台 of chapter 6, stored as 17500 台.

Anything else (a rounded "约 7 万例" against an exact 69 792) is a different reading and must be
recorded as one.
"""

import re
from decimal import Decimal
from itertools import groupby

import pytest

from indicators.models import Observation
from indicators.sourcedata import DATA_DIR, NUMBER, ReportText, read_tsv, squeeze, unit_factor

FIRST_LINE, LAST_LINE = 201, 674
AUDIT = DATA_DIR / "chapter1-audit.tsv"
KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/(?:19|20)\d\d/[a-z0-9-]+/[1-9]\d*")


@pytest.fixture(scope="module")
def report_text():
    return ReportText()


@pytest.fixture(scope="module")
def audit():
    return read_tsv(AUDIT)


def occurrences(report):
    """(line, printed, start, end) of every number on the chapter's lines, in order."""
    found = []
    for number in range(FIRST_LINE, LAST_LINE + 1):
        for match in NUMBER.finditer(report.lines[number - 1]):
            found.append((number, match.group(), match.start(), match.end()))
    return found


def figures_of(audit):
    """The audited figures: runs of rows on one line with the same observation, and their row numbers."""
    figures = []
    keyed = [(index, row) for index, row in enumerate(audit) if row["observation"]]
    for (line, key), run in groupby(keyed, key=lambda item: (item[1]["line"], item[1]["observation"])):
        run = list(run)
        indexes = [index for index, _ in run]
        assert indexes == list(range(indexes[0], indexes[-1] + 1)), f"line {line}: {key} is not one run of rows"
        figures.append((int(line), key, "".join(row["printed"] for _, row in run), indexes))
    return figures


def text_after(report, line, end, length=8):
    """The first characters the report prints after a number (whitespace and line breaks ignored)."""
    rest = report.lines[line - 1][end:] + "".join(report.lines[line:line + 6])
    return squeeze(rest)[:length]


# --- without the database ----------------------------------------------------------------------


def test_the_audit_lists_every_number_of_chapter_1_in_order(report_text, audit):
    expected = [(line, printed) for line, printed, _, _ in occurrences(report_text)]
    listed = [(int(row["line"]), row["printed"]) for row in audit]
    missing = [item for item in expected if item not in listed]
    assert not missing, f"numbers of chapter 1 the audit does not list: {missing}"
    assert listed == expected


def test_every_row_has_either_an_observation_or_a_reason(audit):
    for row in audit:
        if row["observation"]:
            assert KEY.fullmatch(row["observation"]), row.where
            assert not row["reason"], f"{row.where}: a recorded figure needs no reason"
        else:
            assert len(row["reason"]) >= 10, f"{row.where}: say why {row['printed']!r} is not a figure"


def test_each_observation_accounts_for_one_number_only(audit):
    keys = [key for _, key, _, _ in figures_of(audit)]
    assert len(keys) == len(set(keys)), sorted(key for key in keys if keys.count(key) > 1)


def test_the_figures_added_for_chapter_1_are_all_audited(audit):
    audited = {row["observation"] for row in audit if row["observation"]}
    added = read_tsv(DATA_DIR / "observations-overview.tsv")
    assert added
    for row in added:
        key = f"{row['indicator']}/{row['year']}/{row['geography'] or 'shanghai'}/{row['reading'] or '1'}"
        assert key in audited, f"{row.where}: {key} is in no row of the audit"
        assert 201 <= int(row["line"]) <= 674, f"{row.where}: quotes a line outside chapter 1"


def test_rule_b_reads_the_unit_printed_after_a_number(report_text):
    # Line 440: "接入终端超过 17 500 台" — the unit after the second part of the split number.
    end = report_text.lines[439].index("17 500") + len("17 500")
    assert text_after(report_text, 440, end).startswith("台")
    assert unit_factor("万亿元", "亿元") == 10000 and unit_factor("万例", "例") == 10000


# --- with the figures loaded -------------------------------------------------------------------


def observation_for(key):
    code, year, geography, reading = key.split("/")
    place = {"district__isnull": True} if geography == "shanghai" else {"district__slug": geography}
    return (
        Observation.objects.select_related("indicator")
        .filter(indicator__code=code, year=int(year), reading=int(reading), **place)
        .first()
    )


def agrees(observation, printed, after):
    """Rule A or rule B of the module's docstring."""
    if squeeze(observation.printed) == printed:
        return True
    if observation.kind == Observation.Kind.DERIVED:
        return False
    indicator = observation.indicator
    for length in range(1, len(after) + 1):
        factor = unit_factor(after[:length], indicator.unit, indicator.unit_aliases)
        if factor is not None and Decimal(printed) * factor == observation.value:
            return True
    return False


def test_every_audited_figure_is_loaded_with_its_printed_value(figures, report_text, audit):
    positions = occurrences(report_text)
    checked = 0
    for line, key, printed, indexes in figures_of(audit):
        observation = observation_for(key)
        assert observation is not None, f"line {line}: no observation {key}"
        if observation.kind == Observation.Kind.DERIVED:
            assert observation.base_year == 2016, f"line {line}: {key} is not worked out from 2016"
        after = text_after(report_text, line, positions[indexes[-1]][3])
        assert agrees(observation, printed, after), (
            f"line {line}: {printed}{after[:4]}… is not {key} "
            f"(printed {observation.printed}{observation.printed_unit}, value {observation.value} {observation.indicator.unit})"
        )
        checked += 1
    assert checked > 200


def test_a_rounded_restatement_is_a_second_reading(figures):
    # Line 618 "黑客攻击约 7 万例" against chapter 9's exact 69 792 (line 6413).
    readings = dict(
        Observation.objects.filter(indicator__code="hacker-attacks", year=2016, district=None).values_list("reading", "value")
    )
    assert readings == {1: Decimal("69792"), 2: Decimal("70000")}
    second = Observation.objects.get(indicator__code="hacker-attacks", year=2016, district=None, reading=2)
    assert (second.chapter, second.qualifier, second.line) == ("1", "约", 618)
    assert second.note_en
