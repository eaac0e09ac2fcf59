"""Checks an editor's figure against the report, as the data files are checked: the quote must
occur in data/report/report.txt, print the number, and the number (scaled to the indicator's
unit) must be the value. Shared by the admin's form and the spreadsheet import.
"""

from functools import cache

from django.utils.translation import gettext as _

from indicators.sourcedata import SourceData, is_printed_number, printed_offset, printed_value, prints, squeeze
from publishing.citations import line_url


@cache
def source_data():
    """The report's text and sections, read once per process (the report never changes)."""
    return SourceData()


def passage_url(line, quote):
    """The reader's address of the quote beginning on `line`, its lines highlighted; None without a line."""
    return line_url(line, source_data().report.passage_end(line, quote)) if line else None


def printed_span(line, quote, printed, printed_unit=""):
    """Where the quote beginning on `line` prints the number: (line, start, end) as offsets into
    that line of report.txt, or None (the quote is not there, or the number is broken over two
    lines). The number is found as sourcedata.prints finds it: whole (not part of a longer number in
    digits or Chinese numerals), followed by its unit, or as whole tokens of a table's row."""
    report = source_data().report
    needle, start = squeeze(quote or ""), report.line_starts.get(line)
    if not needle or start is None:
        return None
    found = report.text.find(needle, start)
    if found < 0 or report.line_of[found] != line:
        return None
    offset = printed_offset(quote, printed, printed_unit)
    if offset is None:
        return None
    first, last = found + offset, found + offset + len(squeeze(printed)) - 1
    if report.line_of[first] != report.line_of[last]:
        return None
    on_line = report.line_of[first]
    offsets = [index for index, char in enumerate(report.lines[on_line - 1]) if not char.isspace()]
    line_start = report.line_starts[on_line]
    return on_line, offsets[first - line_start], offsets[last - line_start] + 1


def citation_for(quote, line=None):
    """(fields, error): where the quote is printed (line, chapter, section, pages), or why not.

    A quote printed more than once is placed at `line` when given, else at its first occurrence.
    """
    source = source_data()
    lines = source.report.lines_where(quote)
    if not lines:
        return None, _("This phrase does not occur in the report (data/report/report.txt); copy it verbatim.")
    if line is not None and line not in lines:
        where = ", ".join(str(number) for number in lines)
        return None, _("This phrase begins on line %(lines)s of the report, not on line %(line)s.") % {
            "lines": where,
            "line": line,
        }
    line = line if line is not None else lines[0]
    section = source.section_at(line)
    return {
        "line": line,
        "chapter": section.chapter,
        "section": section.section,
        "page_first": section.page_first,
        "page_last": section.page_last,
    }, None


def printed_error(quote, printed, printed_unit, indicator, value, *, derived=False):
    """Why the printed number does not support the value, or None when it does.

    Called once citation_for() has found the quote in the report. The rules are the data files'
    (sourcedata.prints and printed_value), worded for an editor.
    """
    printed, printed_unit = squeeze(printed), squeeze(printed_unit)
    if not is_printed_number(printed):
        return _("Give the number exactly as the phrase prints it, in digits or Chinese numerals.")
    if not prints(quote, printed, printed_unit):
        return _("The phrase does not print %(number)s.") % {"number": printed + printed_unit}
    if derived:
        return None
    scaled = printed_value(printed, printed_unit, indicator.unit, indicator.unit_aliases)
    if scaled is None:
        return _("%(printed)s cannot be turned into the indicator's unit, %(unit)s.") % {
            "printed": printed_unit,
            "unit": indicator.unit or "—",
        }
    if scaled != value:
        return _("The phrase prints %(printed)s, which is %(expected)s %(unit)s, not %(value)s.") % {
            "printed": printed + printed_unit,
            "expected": format(scaled, "f"),
            "unit": indicator.unit,
            "value": format(value, "f"),
        }
    return None
