"""The audit of the report's numbers (data/indicators/audit/): every number printed from chapter 1
to the end of 附录 1 is either an observation or has a reason it is not a figure.

Plain Python with no Django, like indicators/sourcedata.py, which reads the files through here
and runs these checks with its own (`scripts/check-indicator-data`, the loader, the tests).

One file per part of the report (chapter-01.tsv … chapter-10.tsv, appendix-1.tsv), with the
columns line, printed, observation, kind, reason; one row per occurrence of NUMBER on each line of
the part, in order. A statistic the report writes in Chinese numerals (三家) has a row of its own
among them, its `printed` the Chinese text.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from itertools import groupby

from publishing.tsv import read_tsv

# What a number that is not an observation's own figure is. `restatement` is the one kind a row
# with an observation may have: the figure printed again away from the observation's quote.
RESTATEMENT = "restatement"
AUDIT_KINDS = (
    "year-or-date", "section-number", "page-number", "name-part", "version", "frequency-band",
    "ordinal", "telephone", "footnote", "threshold", RESTATEMENT, "not-a-statistic",
)
AUDIT_COLUMNS = ("line", "printed", "observation", "kind", "reason")
NUMBER_ROW = re.compile(r"\d+(?:\.\d+)?")  # the audit's number, as sourcedata.NUMBER
KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/(?:19|20)\d\d/[a-z0-9-]+/[1-9]\d*")
CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_MAGNITUDES = {"万": 10**4, "亿": 10**8}
CHINESE_NUMERALS = "".join([*CHINESE_DIGITS, *CHINESE_UNITS, *CHINESE_MAGNITUDES])
CHINESE_NUMERAL = re.compile(f"[{CHINESE_NUMERALS}]+")


def chinese_number(text):
    """三 → 3, 十二 → 12, 一百零五 → 105, 万 → 10000, 三万五千 → 35000, 千亿 → 10¹¹; None for text
    that is not such a numeral."""
    if not text or not CHINESE_NUMERAL.fullmatch(text):
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in CHINESE_DIGITS:
            if digit is not None and digit != 0:
                return None  # 三三: not a numeral the report would print
            digit = CHINESE_DIGITS[char]
        elif char in CHINESE_UNITS:
            section += (1 if digit is None else digit) * CHINESE_UNITS[char]
            digit = None
        else:  # 万 or 亿 scales everything before it
            total += (section + (digit or 0) or 1) * CHINESE_MAGNITUDES[char]
            section, digit = 0, None
    return Decimal(total + section + (digit or 0))


def chinese_prefix(printed):
    """The Chinese numeral a Chinese-numeral row begins with (三 of 三家, 十 of 十余个), or ""."""
    match = CHINESE_NUMERAL.match(printed)
    return match.group() if match else ""


def observation_key(row, city):
    """indicator/year/geography/reading: how the audit names an observation row."""
    return f"{row['indicator']}/{row['year']}/{row['geography'] or city}/{row['reading'] or '1'}"


@dataclass(frozen=True)
class Part:
    """A stretch of the report with one audit file: chapter-02 is report lines first..last."""

    name: str
    first: int
    last: int

    @property
    def filename(self):
        return f"{self.name}.tsv"


def report_parts(sections):
    """Chapters 1–10 and 附录 1 with their lines, from sections.tsv: each runs to the line before
    the next part's first section (附录 1 to the line before 附录 2)."""
    firsts = {}
    for section in sections:
        firsts.setdefault(section.chapter, section.line)
    chapters = list(firsts)
    parts = []
    for chapter, following in zip(chapters, chapters[1:], strict=False):
        if chapter.isdigit():
            parts.append(Part(f"chapter-{int(chapter):02d}", firsts[chapter], firsts[following] - 1))
        elif chapter == "A1":
            parts.append(Part("appendix-1", firsts[chapter], firsts[following] - 1))
    return parts


def is_digit_row(row, number):
    return number.fullmatch(row["printed"]) is not None


@dataclass
class Figure:
    """Rows next to each other on one line with the same observation: one number, which the PDF
    may have split with a space ("10 433" is two occurrences)."""

    line: int
    key: str
    kind: str
    printed: str
    end: int  # where the last occurrence ends on its line, to read the unit printed after it
    rows: list


class AuditCheck:
    """The checks of the audit files against the report and the observation files."""

    def __init__(self, *, report, observations, indicators, number, city, unit_factor, squeeze):
        self.report = report
        self.observations = {observation_key(row, city): row for row in observations}
        self.indicators = {row["code"]: row for row in indicators}
        self.number = number
        self.unit_factor = unit_factor
        self.squeeze = squeeze

    @cached_property
    def line_starts(self):
        """{line: where its first character is in the report's whitespace-free text}."""
        starts = {}
        for position, line in enumerate(self.report.line_of):
            starts.setdefault(line, position)
        return starts

    # --- the numbers of a part --------------------------------------------------------------

    def occurrences(self, part):
        """(line, printed, end) of every number on the part's lines, in order."""
        return [
            (line, match.group(), match.end())
            for line in range(part.first, part.last + 1)
            for match in self.number.finditer(self.report.lines[line - 1])
        ]

    def quote_lines(self, observation):
        """The lines the observation's quote spans, from the line it begins on."""
        first = int(observation["line"])
        needle = self.squeeze(observation["quote"])
        start = self.report.text.find(needle, self.line_starts.get(first, 0)) if needle else -1
        if start == -1:
            return range(first, first + 1)
        return range(first, self.report.line_of[start + len(needle) - 1] + 1)

    def figures(self, rows, ends):
        """The digit rows' figures, with where each ends on its line (ends: row index -> end)."""
        keyed = [(index, row) for index, row in enumerate(rows) if row["observation"] and index in ends]
        # A run is rows next to each other in the file: index minus position stays the same along it.
        runs = groupby(
            enumerate(keyed), key=lambda item: (item[1][1]["line"], item[1][1]["observation"], item[1][0] - item[0])
        )
        figures = []
        for (line, key, _), items in runs:
            run = [item for _, item in items]
            figures.append(Figure(
                int(line), key, run[0][1]["kind"], "".join(row["printed"] for _, row in run),
                ends[run[-1][0]], [row for _, row in run],
            ))
        return figures

    # --- checks -----------------------------------------------------------------------------

    def problems(self, part, rows):
        """Every way the part's file fails the audit's rules, one message each."""
        digit_rows = [(index, row) for index, row in enumerate(rows) if is_digit_row(row, self.number)]
        found = self.sequence_problems(part, [row for _, row in digit_rows])
        if all(row["line"].isdigit() for row in rows):
            found += [f"{row.where}: out of line order (a Chinese numeral's row stands among its line's numbers)"
                      for previous, row in zip(rows, rows[1:], strict=False) if int(row["line"]) < int(previous["line"])][:1]
        for row in rows:
            found += [f"{row.where}: {message}" for message in self.row_problems(part, row)]
        if found:
            return found  # the figures below need the rows in place
        ends = {index: end for (index, _), (_, _, end) in zip(digit_rows, self.occurrences(part), strict=True)}
        for figure in self.figures(rows, ends):
            found += [f"{figure.rows[0].where}: {message}" for message in self.figure_problems(figure)]
        return found

    def sequence_problems(self, part, digit_rows):
        expected = [(line, printed) for line, printed, _ in self.occurrences(part)]
        listed = [(int(row["line"]) if row["line"].isdigit() else row["line"], row["printed"]) for row in digit_rows]
        if listed == expected:
            return []
        for position, (want, got) in enumerate(zip(expected, listed, strict=False)):
            if want != got:
                where = digit_rows[position].where
                return [f"{where}: lists {got[1]!r} of line {got[0]}, but the next number of {part.name} "
                        f"is {want[1]!r} of line {want[0]} (one row per number, in order)"]
        if len(listed) < len(expected):
            line, printed = expected[len(listed)]
            return [f"{part.filename}: ends before {printed!r} of line {line} (through line {part.last})"]
        return [f"{digit_rows[len(expected)].where}: a row past the last number of {part.name}"]

    def row_problems(self, part, row):
        if not row["line"].isdigit() or not part.first <= int(row["line"]) <= part.last:
            return [f"line {row['line']!r} is not a line of {part.name} ({part.first}-{part.last})"]
        if row["kind"] and row["kind"] not in AUDIT_KINDS:
            return [f"kind {row['kind']!r} is not one of {', '.join(AUDIT_KINDS)}"]
        if not is_digit_row(row, self.number):
            return self.chinese_row_problems(row)
        if not row["observation"]:
            if not row["kind"] or row["kind"] == RESTATEMENT:
                return ["a number without an observation needs a kind (not restatement)"]
            return [] if len(row["reason"]) >= 10 else [f"say in reason why {row['printed']!r} is not a figure"]
        return self.observation_row_problems(row)

    def chinese_row_problems(self, row):
        line = self.squeeze(self.report.lines[int(row["line"]) - 1])
        if chinese_number(chinese_prefix(self.squeeze(row["printed"]))) is None:
            return [f"printed {row['printed']!r} is neither digits nor a Chinese numeral"]
        if self.squeeze(row["printed"]) not in line:
            return [f"line {row['line']} does not print {row['printed']!r}"]
        if not row["observation"] or row["kind"]:
            return ["a Chinese numeral is listed for its observation: give it, with an empty kind"]
        return self.observation_row_problems(row)

    def observation_row_problems(self, row):
        if not KEY.fullmatch(row["observation"]):
            return [f"observation {row['observation']!r} is not indicator/year/geography/reading"]
        observation = self.observations.get(row["observation"])
        if observation is None:
            return [f"no observation {row['observation']} in observations-*.tsv"]
        if row["kind"] not in ("", RESTATEMENT):
            return [f"a row with an observation has an empty kind or {RESTATEMENT}, not {row['kind']!r}"]
        quoted_here = int(row["line"]) in self.quote_lines(observation)
        if row["kind"] == RESTATEMENT and quoted_here:
            return [f"{row['observation']} is quoted on line {row['line']} itself: not a restatement"]
        if not row["kind"] and not quoted_here:
            return [f"{row['observation']} is quoted at line {observation['line']}: "
                    f"this is the figure printed again (kind {RESTATEMENT})"]
        if not is_digit_row(row, self.number):
            return self.chinese_figure_problems(row, observation)
        return []

    def chinese_figure_problems(self, row, observation):
        printed = self.squeeze(row["printed"])
        if self.squeeze(observation["printed"]) == printed:
            return []
        if chinese_number(chinese_prefix(printed)) == Decimal(observation["value"] or "-1"):
            return []
        return [f"{row['observation']} is not the {row['printed']!r} printed here"]

    def figure_problems(self, figure):
        """Rule A or B: the observation was read from this printed number, or its value is this
        number in the unit the report prints right after it."""
        observation = self.observations[figure.key]
        if self.same_number(self.squeeze(observation["printed"]), figure.printed):
            return []
        if observation["kind"] != "derived" and self.value_in_unit_after(figure, observation):
            return []
        indicator = self.indicators.get(observation["indicator"], {"unit": ""})
        return [f"{figure.printed} on line {figure.line} is not {figure.key} (printed "
                f"{observation['printed']}{observation['printed_unit']}, value {observation['value']} {indicator['unit']})"]

    def same_number(self, printed, figure_printed):
        """The same printed number, trailing zeros aside: a chart's label 28.50 is the text's 28.5."""
        if printed == figure_printed:
            return True
        both_digits = self.number.fullmatch(printed) and self.number.fullmatch(figure_printed)
        return bool(both_digits) and Decimal(printed) == Decimal(figure_printed)

    def value_in_unit_after(self, figure, observation):
        indicator = self.indicators.get(observation["indicator"])
        if indicator is None:
            return False
        after = self.text_after(figure.line, figure.end)
        for length in range(1, len(after) + 1):
            factor = self.unit_factor(after[:length], indicator["unit"], indicator["unit_aliases"])
            if factor is not None and Decimal(figure.printed) * factor == Decimal(observation["value"]):
                return True
        return False

    def text_after(self, line, end, length=8):
        """The first characters the report prints after a number (whitespace and line breaks ignored)."""
        rest = self.report.lines[line - 1][end:] + "".join(self.report.lines[line:line + 6])
        return self.squeeze(rest)[:length]

    # --- across the files -------------------------------------------------------------------

    def own_rows(self, audits):
        """{observation key: [rows that are its own line's figure]} over every present file."""
        own = {}
        for rows in audits.values():
            for row in rows:
                if row["observation"] and row["kind"] != RESTATEMENT:
                    own.setdefault(row["observation"], []).append(row)
        return own

    def across_problems(self, parts, audits):
        """An observation is its own line's figure in one place only, and every observation quoted
        in an audited part is audited there."""
        found = []
        for key, rows in self.own_rows(audits).items():
            runs = {(row.source, row["line"]) for row in rows}
            if len(runs) > 1:
                found.append(f"{rows[0].where}: {key} is the figure of more than one line; the others "
                             f"are printed again ({RESTATEMENT})")
        own = self.own_rows(audits)
        # One printed number can be two observations: a growth rate and the earlier year's value
        # derived from it. The row of either audits both.
        printed_at = {(self.observations[key]["line"], self.squeeze(self.observations[key]["printed"]))
                      for key in own if key in self.observations}
        for part in parts:
            if part.name not in audits:
                continue
            for key, observation in self.observations.items():
                shares_a_row = (observation["line"], self.squeeze(observation["printed"])) in printed_at
                if part.first <= int(observation["line"] or 0) <= part.last and key not in own and not shares_a_row:
                    found.append(f"{observation.where}: {key} is quoted in {part.name} but no row of "
                                 f"audit/{part.filename} gives it")
        return found


def printed_again_at(audits):
    """{observation key: the lines that print its figure again}, from the restatement rows."""
    lines = {}
    for rows in audits.values():
        for row in rows:
            if row["kind"] == RESTATEMENT and row["observation"]:
                lines.setdefault(row["observation"], set()).add(int(row["line"]))
    return {key: sorted(found) for key, found in lines.items()}


def read_audits(directory, parts):
    """{part name: rows} of the audit files present."""
    return {
        part.name: read_tsv(directory / part.filename, columns=AUDIT_COLUMNS)
        for part in parts if (directory / part.filename).exists()
    }


def summary_table(source):
    """The data's totals as a Markdown table: indicators, observations by kind, and audit rows by
    kind (README.md's data section prints it: `manage.py audit_summary`)."""
    rows = [("indicators", len(source.indicators)), ("observations", len(source.observations))]
    for kind in ("reported", "derived", "provisional"):
        rows.append((f"observations: {kind}", sum(row["kind"] == kind for row in source.observations)))
    audited = [row for name in source.audits for row in source.audits[name]]
    present = ", ".join(part.name for part in source.parts if part.name in source.audits) or "none"
    rows.append((f"audit files ({present})", f"{len(source.audits)} of {len(source.parts)}"))
    rows.append(("audit rows", len(audited)))
    rows.append(("audit rows: an observation's own figure", sum(bool(row["observation"]) and not row["kind"] for row in audited)))
    rows.append(("audit rows: statistics in Chinese numerals", sum(not NUMBER_ROW.fullmatch(row["printed"]) for row in audited)))
    for kind in AUDIT_KINDS:
        rows.append((f"audit rows: {kind}", sum(row["kind"] == kind for row in audited)))
    lines = ["| what | count |", "|---|---:|"]
    lines += [f"| {what} | {count} |" for what, count in rows]
    return "\n".join(lines)
