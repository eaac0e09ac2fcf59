"""The indicator files in data/indicators/, read and checked against the report's text.

Plain Python with no Django, so that `scripts/check-indicator-data` can check a file while it is
being written; the loader (indicators/loading.py) and the tests read the same rows through here.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path

from indicators.audit import (
    CHINESE_NUMERALS,
    AuditCheck,
    chinese_number,
    printed_again_at,
    read_audits,
    report_parts,
)
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


def is_printed_number(printed):
    """`printed` is a number as the report prints one: digits and a point, or Chinese numerals."""
    return bool(NUMBER.fullmatch(printed)) or chinese_number(printed) is not None


def number_of(printed):
    """The value of a printed number (is_printed_number), in digits or Chinese numerals."""
    return Decimal(printed) if NUMBER.fullmatch(printed) else chinese_number(printed)


def split_unit(unit):
    """("万", "户") for 万户: the magnitude's factor and the thing counted."""
    for word, factor in SCALES:
        if unit.startswith(word) and len(unit) > len(word):
            rest = unit[len(word):]
            # 4 万多个, "over 40,000": the word of approximation between magnitude and thing counted.
            if rest[:1] in ("多", "余") and len(rest) > 1:
                rest = rest[1:]
            return factor, rest
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
    followed by printed_unit when one is given. Whitespace is ignored, except in a table's row."""
    return printed_offset(quote, printed, printed_unit) is not None


def printed_offset(quote, printed, printed_unit=""):
    """Where the quote prints the number (as prints() finds it): its offset in the quote with
    whitespace removed, or None. A whole number in the prose first, else in a table's row."""
    squeezed, squeezed_unit = squeeze(printed), squeeze(printed_unit)
    digits = r"\d." if NUMBER.fullmatch(squeezed) else CHINESE_NUMERALS
    pattern = rf"(?<![{digits}]){re.escape(squeezed)}(?![{digits}])" + re.escape(squeezed_unit)
    match = re.search(pattern, squeeze(quote))
    return match.start() if match else row_offset(quote, printed, printed_unit)


def prints_in_row(quote, printed, printed_unit=""):
    """A flattened table row prints its numbers side by side with only spaces between them
    ("2016 57 571 574 49 316 450"), so there whitespace is kept: the number, as printed with its
    thousands spaces, is a run of whole space-separated tokens of the quote."""
    return row_offset(quote, printed, printed_unit) is not None


def row_offset(quote, printed, printed_unit=""):
    """Where the row prints the number (prints_in_row): its offset in the quote with whitespace
    removed, or None."""
    wanted = printed.split() + printed_unit.split()
    tokens = quote.split()
    for index in range(len(tokens) - len(wanted) + 1 if wanted else 0):
        if tokens[index : index + len(wanted)] == wanted:
            return len("".join(tokens[:index]))
    return None


def printed_value(printed, printed_unit, unit, aliases=""):
    """The printed number in the indicator's unit (1.2 万亿元 in 亿元: 12000), or None when the
    printed unit cannot be turned into it."""
    factor = unit_factor(squeeze(printed_unit), unit, aliases) if squeeze(printed_unit) else Decimal(1)
    return None if factor is None else number_of(squeeze(printed)) * factor


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

    @cached_property
    def renamed_codes(self):
        """{retired code: the code that measures the same thing now} (renamed-codes.tsv)."""
        path = self.directory / "renamed-codes.tsv"
        return {row["old"]: row["new"] for row in read_tsv(path, columns=("old", "new"))} if path.exists() else {}

    @cached_property
    def parts(self):
        """Chapters 1–10 and 附录 1, each with its audit file's name and report lines."""
        return report_parts(self.sections)

    @cached_property
    def audits(self):
        """{part name: rows} of the audit files present in audit/ (indicators/audit.py)."""
        return read_audits(self.directory / "audit", self.parts)

    def missing_audits(self):
        return [part.name for part in self.parts if part.name not in self.audits]

    def printed_again_at(self):
        """{observation key: lines printing its figure again}, from the audit's restatement rows."""
        return printed_again_at(self.audits)

    def audit_check(self):
        return AuditCheck(
            report=self.report, observations=self.observations, indicators=self.indicators,
            number=NUMBER, city=CITY, unit_factor=unit_factor, squeeze=squeeze,
        )

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
            + self.target_problems() + self.workstream_problems() + self.audit_problems()
            + self.renamed_problems()
        )

    def renamed_problems(self):
        """A retired code is used nowhere and leads to a code in use."""
        codes = {row["code"] for row in self.indicators}
        found = [f"renamed-codes.tsv: {old!r} is still an indicator's code" for old in self.renamed_codes if old in codes]
        found += [f"renamed-codes.tsv: {old!r} leads to no indicator {new!r}"
                  for old, new in self.renamed_codes.items() if new not in codes]
        for rows in [self.observations, self.target_measures]:
            found += [f"{row.where}: {row['indicator']!r} is retired: write {self.renamed_codes[row['indicator']]!r}"
                      for row in rows if row["indicator"] in self.renamed_codes]
        for rows in self.audits.values():
            found += [f"{row.where}: {row['observation'].split('/')[0]!r} is retired: write "
                      f"{self.renamed_codes[row['observation'].split('/')[0]]!r}"
                      for row in rows if row["observation"].split("/")[0] in self.renamed_codes]
        return found

    def audit_problems(self, names=None):
        """The audit files' problems (those of names only, when given); a missing file is none."""
        check = self.audit_check()
        found = []
        for part in self.parts:
            if part.name in self.audits and (names is None or part.name in names):
                found += check.problems(part, self.audits[part.name])
        if names is None:
            found += check.across_problems(self.parts, self.audits)
        return found

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
            fake = Row(row.source, row.number, {**row.values, "kind": "reported"})
            value = decimal_or_none(row["value"])
            found += [f"{row.where}: {message}" for message in self.printed_problems(fake, indicator, target["quote"], value)]
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
        if row["qualifier"] and row["qualifier"] not in quote and row["kind"] != "derived":
            found.append(f"qualifier {row['qualifier']!r} is not in the quote")  # a derived one is worked out
        found += self.printed_problems(row, indicator, row["quote"], value)
        return found

    def printed_problems(self, row, indicator, quote, value):
        """The printed number occurs in the quote (as printed, whitespace kept) as a whole number
        and, scaled, is the value."""
        printed, printed_unit = squeeze(row["printed"]), squeeze(row["printed_unit"])
        if not is_printed_number(printed):
            return [f"printed {row['printed']!r} must be the number as the quote prints it"]
        if not prints(quote, row["printed"], row["printed_unit"]):
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
                qualifier = derived_qualifier(row, base)
                if row["qualifier"] != qualifier:
                    found.append(f"{row.where}: qualifier {row['qualifier']!r} is not {qualifier!r}, the bound "
                                 f"the base ({base['qualifier']}{base['value']}) and the change give")
                expected = derived_value(row, base, indicators[row["indicator"]])
                if expected is None or expected != decimal_or_none(row["value"]):
                    found.append(f"{row.where}: value {row['value']} is not {expected} "
                                 f"({row['derivation']} {row['printed']}{row['printed_unit']} from {row['base_year']})")
        return found


# --- derived values -------------------------------------------------------------------------
# A derived value rises with its base in every derivation (b − c, b + c, b ÷ (1 + r), b ÷ (1 − r));
# with the stated change it falls for minus and growth, and rises for plus and decline.
CHANGE_EFFECT = {"minus": -1, "plus": 1, "growth": -1, "decline": 1}
# Words the report puts around a stated change ("增长 15% 左右", "增加超过 2 万"): how they bound it.
CHANGE_WORDS_BEFORE = {"超过": ">", "超": ">", "逾": ">", "突破": ">", "近": "<", "约": "~"}
CHANGE_WORDS_AFTER = {"左右": "~", "以上": ">=", "余": ">", "多": ">"}
# The word a derived bound is stored with when the base's own word does not give it.
BOUND_WORDS = {1: "超过", -1: "近"}


def bound_direction(bound):
    """1 for a figure bounded from below (超过 X: more than X), -1 from above, 0 for about."""
    return {">": 1, ">=": 1, "<": -1, "~": 0}[bound]


def stated_change_bound(row):
    """How the quote's words bound the stated change (">", "~"…), or "" when it is exact."""
    quote, change = squeeze(row["quote"]), squeeze(row["printed"]) + squeeze(row["printed_unit"])
    match = re.search(rf"(?<![\d.]){re.escape(change)}", quote)
    if match is None:
        return ""
    before, after = quote[:match.start()], quote[match.end():]
    for word, bound in CHANGE_WORDS_BEFORE.items():
        if before.endswith(word):
            return bound
    for word, bound in CHANGE_WORDS_AFTER.items():
        if after.startswith(word):
            return bound
    return ""


def derived_qualifier(row, base):
    """The one rule for a derived value's qualifier: it keeps a bound only where the arithmetic
    makes the direction certain, and is approximate (约) otherwise.

    超过 2.47 亿 with a stated decline of 8.5%: the earlier year is base ÷ (1 − 8.5%), which rises
    with the base, so it too is more than 2.47 ÷ 0.915 (a lower bound, 超过). A bound on the change
    counts with the change's effect (增加超过 N lowers base − N); bounds that pull different ways,
    or an approximate base or change (约, 左右), leave 约. Exact base and change: no qualifier.
    """
    directions = []
    if base["qualifier"]:
        directions.append(bound_direction(QUALIFIER_BOUNDS[base["qualifier"]]))
    change = stated_change_bound(row)
    if change:
        directions.append(bound_direction(change) * CHANGE_EFFECT.get(row["derivation"], 0))
    if not directions:
        return ""
    if 0 in directions or len(set(directions)) > 1:
        return "约"
    if base["qualifier"] and bound_direction(QUALIFIER_BOUNDS[base["qualifier"]]) == directions[0]:
        return base["qualifier"]
    return BOUND_WORDS[directions[0]]


def bound_rounding(qualifier):
    """Round a derived bound so that it stays certain: a lower bound down, an upper bound up."""
    direction = bound_direction(QUALIFIER_BOUNDS[qualifier]) if qualifier else 0
    return {1: ROUND_FLOOR, -1: ROUND_CEILING}.get(direction, ROUND_HALF_EVEN)


def derived_value(row, base, indicator):
    """The earlier year's value from a later value and a stated change, at the row's precision
    (rounded toward the bound for a bounded one: more than 2.6995 is more than 2.69)."""
    change, base_value = decimal_or_none(squeeze(row["printed"])), decimal_or_none(base["value"])
    value = decimal_or_none(row["value"])
    factor = (unit_factor(squeeze(row["printed_unit"]), indicator["unit"], indicator["unit_aliases"])
              if row["printed_unit"] else Decimal(1))
    if None in (change, base_value, value):
        return None
    rounding = bound_rounding(derived_qualifier(row, base))
    if row["derivation"] in ("growth", "decline"):
        rate = change / 100 if row["derivation"] == "growth" else -change / 100
        return (base_value / (1 + rate)).quantize(value, rounding=rounding)
    if factor is None:
        return None
    change *= factor
    return (base_value - change if row["derivation"] == "minus" else base_value + change).quantize(value, rounding=rounding)
