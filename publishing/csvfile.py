"""The one CSV writer: the API's ?format=csv, the pages' downloads and the open data package.

Cells follow one set of rules (csv_cell): lists joined with ";", null an empty cell, true/false,
a list of objects as JSON, and a text cell that a spreadsheet would run as a formula (=, +, -,
@) prefixed with ' (OWASP's advice on CSV injection). Files for people open in spreadsheet
programs, so they start with a UTF-8 byte-order mark; the data package's files are for
validators, which read a BOM into the first column's name, so they have none.
"""

import csv
import io
import json

BOM = "\ufeff"


def csv_cell(value):
    """One spreadsheet cell: lists joined with ";", null empty, a would-be formula made text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict) or isinstance(value, (list, tuple)) and any(isinstance(item, dict) for item in value):
        # Objects in a list (a target's measures) have no flat form: the cell holds their JSON.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return ";".join(str(item) for item in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


class _Echo:
    """A file that hands back what is written: csv.writer then formats one line at a time."""

    def write(self, value):
        return value


def csv_lines(header, rows, *, bom=True):
    """The file line by line (for streaming): header, then each row (a list of raw values)."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield (BOM if bom else "") + writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_text(header, rows, *, bom=True):
    """The whole file as one string."""
    out = io.StringIO()
    out.writelines(csv_lines(header, rows, bom=bom))
    return out.getvalue()
