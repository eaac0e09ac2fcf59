"""Checks an editor's figure against the report, as the data files are checked: the quote must
occur in data/report/report.txt, print the number, and the number (scaled to the indicator's
unit) must be the value. Shared by the admin's form and the spreadsheet import.
"""

from functools import cache

from django.utils.translation import gettext as _

from indicators.sourcedata import SourceData, is_printed_number, printed_value, prints, squeeze


@cache
def source_data():
    """The report's text and sections, read once per process (the report never changes)."""
    return SourceData()


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
