"""The indicator files in data/indicators/, read and checked against the report's text.

Plain Python with no Django, so that `scripts/check-indicator-data` can check a file while it is
being written; the loader (indicators/loading.py) and the tests read the same rows through here.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path

from publishing.tsv import Row, read_tsv

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "indicators"
REPORT_PATH = Path(__file__).resolve().parent.parent / "data" / "report" / "report.txt"

CITY = "shanghai"  # the geography of a city-wide figure; a district's is its slug
# The words of approximation the report prints next to a figure, kept as data (never dropped),
# and how each bounds the true figure: above, at least, below or about the printed value.
QUALIFIER_BOUNDS = {
    "超过": ">", "超": ">", "余": ">", "多": ">", "突破": ">", "逾": ">", "＞": ">",
    "以上": ">=", "≥": ">=",
    "近": "<", "<": "<", "＜": "<",
    "约": "~",
}
QUALIFIERS = tuple(QUALIFIER_BOUNDS)
# These words are also the model's choices (Observation.Qualifier, .Kind, .Derivation), which
# carry their translated labels: tests/indicators/test_vocabulary.py fails when the two drift.
KINDS = ("reported", "derived", "provisional")
# How a derived value comes from its base year's value and the printed change.
DERIVATIONS = ("minus", "plus", "growth", "decline")


def derivation_fits(kind, derivation, base_year):
    """A derived value has a derivation and a base year; a reported or provisional one has neither.

    The rule for the data files, the admin and the import (Observation.clean); the database says it
    too (the constraint derived_has_derivation_and_base_year).
    """
    return (kind == "derived") == bool(derivation) == bool(base_year)

# Chinese magnitude words a unit may start with: 万户 is 10^4 households, 亿元 10^8 yuan.
SCALES = (("万亿", 10**12), ("千万", 10**7), ("百万", 10**6), ("亿", 10**8), ("万", 10**4), ("千", 10**3))
NUMBER = re.compile(r"\d+(?:\.\d+)?")
WHITESPACE = re.compile(r"\s+")


def squeeze(text):
    """The text without whitespace: the PDF's line breaks and spacing are not part of a phrase."""
    return WHITESPACE.sub("", text)


def split_unit(unit):
    """("万", "户") for 万户: the magnitude's factor and the thing counted."""
    for word, factor in SCALES:
        if unit.startswith(word) and len(unit) > len(word):
            return factor, unit[len(word):]
    return 1, unit


def unit_factor(printed_unit, unit, aliases=""):
    """How many `unit` one `printed_unit` is (万亿元 in 亿元: 10000), or None if they differ in kind.

    aliases: other words the report uses for the same thing counted (IDC racks: 架 and 个).
    """
    printed_scale, printed_base = split_unit(printed_unit)
    scale, base = split_unit(unit)
    same = {base} | {split_unit(alias.strip())[1] for alias in aliases.split(",") if alias.strip()}
    if printed_base not in same:
        return None
    return Decimal(printed_scale) / Decimal(scale)


def prints(quote, printed, printed_unit=""):
    """The quote prints the number as a whole number (941 is not printed by 1941 or 941.5),
    followed by printed_unit when one is given. Whitespace is ignored."""
    printed, printed_unit = squeeze(printed), squeeze(printed_unit)
    pattern = rf"(?<![\d.]){re.escape(printed)}(?![\d.])" + re.escape(printed_unit)
    return re.search(pattern, squeeze(quote)) is not None


def printed_value(printed, printed_unit, unit, aliases=""):
    """The printed number in the indicator's unit (1.2 万亿元 in 亿元: 12000), or None when the
    printed unit cannot be turned into it."""
    factor = unit_factor(squeeze(printed_unit), unit, aliases) if squeeze(printed_unit) else Decimal(1)
    return None if factor is None else Decimal(squeeze(printed)) * factor


class ReportText:
    """data/report/report.txt as one whitespace-free string, with the line each character is on."""

    def __init__(self, path=REPORT_PATH):
        self.lines = path.read_text(encoding="utf-8").split("\n")
        chars, line_of = [], []
        for number, line in enumerate(self.lines, start=1):
            squeezed = squeeze(line)
            chars.append(squeezed)
            line_of.extend([number] * len(squeezed))
        self.text = "".join(chars)
        self.line_of = line_of

    def lines_where(self, phrase):
        """The lines on which the phrase (whitespace ignored) begins, in order."""
        needle = squeeze(phrase)
        found, start = [], self.text.find(needle)
        while needle and start != -1:
            found.append(self.line_of[start])
            start = self.text.find(needle, start + 1)
        return found

    @cached_property
    def line_starts(self):
        """{line: offset in text of its first character}, for lines that have one."""
        starts = {}
        for offset, line in enumerate(self.line_of):
            starts.setdefault(line, offset)
        return starts

    def passage_end(self, line, phrase):
        """The line on which the phrase beginning on `line` ends; `line` if it does not begin there."""
        needle = squeeze(phrase or "")
        start = self.line_starts.get(line)
        if start is None:  # a blank line, or past the end
            return line
        found = self.text.find(needle, start) if needle else -1
        if found < 0 or self.line_of[found] != line:
            return line
        return self.line_of[found + len(needle) - 1]


@dataclass
class Section:
    line: int
    chapter: str
    section: str
    domain: str
    page_first: int
    page_last: int


def decimal_or_none(text):
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


class SourceData:
    """Every file of data/indicators/, read once."""

    def __init__(self, directory=DATA_DIR, report=None):
        self.directory = directory
        self.report = report or ReportText()

    @cached_property
    def sections(self):
        return [
            Section(int(row["line"]), row["chapter"], row["section"], row["domain"],
                    int(row["page_first"]), int(row["page_last"]))
            for row in read_tsv(self.directory / "sections.tsv")
        ]

    @cached_property
    def domains(self):
        return read_tsv(self.directory / "domains.tsv")

    @cached_property
    def indicators(self):
        return [row for path in sorted(self.directory.glob("indicators-*.tsv")) for row in read_tsv(path)]

    @cached_property
    def observations(self):
        return [row for path in sorted(self.directory.glob("observations-*.tsv")) for row in read_tsv(path)]

    @cached_property
    def action_plans(self):
        return read_tsv(self.directory / "action-plan.tsv")

    @cached_property
    def targets(self):
        return read_tsv(self.directory / "targets.tsv")

    @cached_property
    def target_measures(self):
        return read_tsv(self.directory / "target-measures.tsv")

    @cached_property
    def workstreams(self):
        return read_tsv(self.directory / "workstreams.tsv")

    def section_at(self, line):
        """The section a report line belongs to: the last one starting at or before it."""
        current = None
        for section in self.sections:
            if section.line > line:
                break
            current = section
        return current

    # --- checks -----------------------------------------------------------------------------

    def problems(self):
        """Every way the files disagree with themselves or with the report, one message each."""
        return (
            self.domain_problems() + self.indicator_problems() + self.observation_problems()
            + self.target_problems() + self.workstream_problems()
        )

    def domain_problems(self):
        slugs = [row["slug"] for row in self.domains]
        found = [f"{row.where}: unknown parent {row['parent']!r}" for row in self.domains
                 if row["parent"] and row["parent"] not in slugs]
        found += [f"sections.tsv: unknown domain {s.domain!r}" for s in self.sections if s.domain not in slugs]
        return found

    def quote_problems(self, row):
        """The row's quote occurs in the report, beginning on its line."""
        lines = self.report.lines_where(row["quote"]) if row["quote"] else []
        if not lines:
            return [f"{row.where}: quote does not occur in data/report/report.txt"]
        if not row["line"].isdigit() or int(row["line"]) not in lines:
            return [f"{row.where}: quote begins on line {' or '.join(map(str, lines))}, not {row['line']!r}"]
        return []

    def target_problems(self):
        indicators = {row["code"]: row for row in self.indicators}
        targets = {row["number"]: row for row in self.targets}
        found = [problem for row in self.targets for problem in self.quote_problems(row)]
        for row in self.target_measures:
            target, indicator = targets.get(row["target"]), indicators.get(row["indicator"])
            if target is None or indicator is None:
                found.append(f"{row.where}: unknown target {row['target']!r} or indicator {row['indicator']!r}")
                continue
            if row["comparator"] not in (">=", ">", "<=", "<"):
                found.append(f"{row.where}: comparator must be one of >= > <= <")
            quote = squeeze(target["quote"])
            fake = Row(row.source, row.number, {**row.values, "kind": "reported"})
            found += [f"{row.where}: {message}" for message in self.printed_problems(fake, indicator, quote, decimal_or_none(row["value"]))]
        return found

    def workstream_problems(self):
        found = [problem for row in self.workstreams for problem in self.quote_problems(row)]
        columns = ("projects", "projects_completed_percent", "projects_open_percent",
                   "tasks", "tasks_completed_percent", "tasks_open_percent")
        for row in self.workstreams:
            printed = squeeze(row["quote"])[len(squeeze(row["position"] + "." + row["name_zh"])):]
            expected = "".join(row[column] or "/" for column in columns)
            if printed != expected:
                found.append(f"{row.where}: the numbers are not those the quote prints ({row['quote']!r})")
        return found

    def indicator_problems(self):
        domains = {row["slug"] for row in self.domains}
        codes = [row["code"] for row in self.indicators]
        found = []
        for row in self.indicators:
            if codes.count(row["code"]) > 1:
                found.append(f"{row.where}: code {row['code']!r} is used twice")
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["code"]):
                found.append(f"{row.where}: code {row['code']!r} must be lower-case words joined by '-'")
            if row["domain"] not in domains:
                found.append(f"{row.where}: unknown domain {row['domain']!r}")
            if row["parent"] and row["parent"] not in codes:
                found.append(f"{row.where}: unknown parent {row['parent']!r}")
            if row["higher_is_better"] not in ("yes", "no", ""):
                found.append(f"{row.where}: higher_is_better must be yes, no or empty")
            if bool(row["unit"]) != bool(row["unit_en"]):
                found.append(f"{row.where}: unit and unit_en are both given or both empty")
            for column in ("name_zh", "name_en"):
                if not row[column]:
                    found.append(f"{row.where}: {column} is empty")
        return found

    def observation_problems(self):
        indicators = {row["code"]: row for row in self.indicators}
        keys, found = {}, []
        for row in self.observations:
            indicator = indicators.get(row["indicator"])
            if indicator is None:
                found.append(f"{row.where}: unknown indicator {row['indicator']!r}")
                continue
            key = (row["indicator"], row["year"], row["geography"] or CITY, row["reading"] or "1")
            if key in keys:
                found.append(f"{row.where}: repeats {keys[key]} (same indicator, year, geography, reading)")
            keys[key] = row.where
            found += [f"{row.where}: {message}" for message in self.row_problems(row, indicator)]
        found += self.derivation_problems(indicators)
        return found

    def row_problems(self, row, indicator):
        found = []
        if not re.fullmatch(r"(19|20)\d\d", row["year"]):
            found.append(f"year {row['year']!r} is not a year")
        if row["kind"] not in KINDS:
            found.append(f"kind {row['kind']!r} is not one of {', '.join(KINDS)}")
        if row["qualifier"] and row["qualifier"] not in QUALIFIERS:
            found.append(f"qualifier {row['qualifier']!r} is not one of {' '.join(QUALIFIERS)}")
        if row["reading"] and not row["reading"].isdigit():
            found.append("reading must be a whole number")
        value = decimal_or_none(row["value"])
        if value is None:
            return found + [f"value {row['value']!r} is not a number"]
        quote = squeeze(row["quote"])
        if not quote:
            return found + ["quote is empty"]
        lines = self.report.lines_where(quote)
        if not lines:
            found.append("quote does not occur in data/report/report.txt")
        elif not row["line"].isdigit() or int(row["line"]) not in lines:
            found.append(f"quote begins on line {' or '.join(map(str, lines))}, not {row['line']!r}")
        if row["qualifier"] and row["qualifier"] not in quote:
            found.append(f"qualifier {row['qualifier']!r} is not in the quote")
        found += self.printed_problems(row, indicator, quote, value)
        return found

    def printed_problems(self, row, indicator, quote, value):
        """The printed number occurs in the quote as a whole number and, scaled, is the value."""
        printed, printed_unit = squeeze(row["printed"]), squeeze(row["printed_unit"])
        if not NUMBER.fullmatch(printed):
            return [f"printed {row['printed']!r} must be the number as the quote prints it"]
        if not prints(quote, printed, printed_unit):
            return [f"the quote does not print {printed + printed_unit!r}"]
        if row["kind"] == "derived":
            return []  # checked against its base year in derivation_problems
        scaled = printed_value(printed, printed_unit, indicator["unit"], indicator["unit_aliases"])
        if scaled is None:
            return [f"printed_unit {printed_unit!r} cannot be turned into {indicator['unit']!r}"]
        if scaled != value:
            return [f"value {value} is not the printed {printed}{printed_unit} in {indicator['unit']}"]
        return []

    def derivation_problems(self, indicators):
        """A derived value is its base year's value less (or plus) the printed change."""
        reported = {
            (row["indicator"], row["year"], row["geography"] or CITY): row
            for row in self.observations if row["kind"] != "derived" and (row["reading"] or "1") == "1"
        }
        found = []
        for row in self.observations:
            if not derivation_fits(row["kind"], row["derivation"], row["base_year"]):
                found.append(f"{row.where}: a derived row has a derivation and base_year, other kinds neither")
                continue
            if row["kind"] != "derived":
                continue
            base = reported.get((row["indicator"], row["base_year"], row["geography"] or CITY))
            if row["derivation"] not in DERIVATIONS:
                found.append(f"{row.where}: derivation must be one of {', '.join(DERIVATIONS)}")
            elif base is None:
                found.append(f"{row.where}: no reported value for base_year {row['base_year']!r}")
            elif row["indicator"] in indicators:
                expected = derived_value(row, base, indicators[row["indicator"]])
                if expected is None or expected != decimal_or_none(row["value"]):
                    found.append(f"{row.where}: value {row['value']} is not {expected} "
                                 f"({row['derivation']} {row['printed']}{row['printed_unit']} from {row['base_year']})")
        return found


def derived_value(row, base, indicator):
    """The earlier year's value from a later value and a stated change, at the row's precision."""
    change, base_value = decimal_or_none(squeeze(row["printed"])), decimal_or_none(base["value"])
    value = decimal_or_none(row["value"])
    factor = (unit_factor(squeeze(row["printed_unit"]), indicator["unit"], indicator["unit_aliases"])
              if row["printed_unit"] else Decimal(1))
    if None in (change, base_value, value):
        return None
    if row["derivation"] in ("growth", "decline"):
        rate = change / 100 if row["derivation"] == "growth" else -change / 100
        return (base_value / (1 + rate)).quantize(value)
    if factor is None:
        return None
    change *= factor
    return (base_value - change if row["derivation"] == "minus" else base_value + change).quantize(value)
