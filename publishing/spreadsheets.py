"""Editors' spreadsheets, out and back in: what every import and export of the portal shares.

An import reads an upload (CSV or XLSX) into numbered rows of clean text, validates every row,
and either rejects the file with every error (ImportRejected: RowErrors naming row and column)
or plans what each row would do (ImportPlan of RowChanges, field by field); STYLE.md §2.8. The
app says what a row means (indicators.importing, landmarks.spreadsheets); this module says what
a cell is.

A file comes back from a spreadsheet program changed in ways its editor never sees, and each is
undone here, once, for every import: a UTF-8 byte-order mark; Excel's dates and date-times
(2014-12-03, never "2014-12-03 00:00:00"); numbers typed as floats (3.0 is 3); spaces before or
after a cell's text, full-width ones (U+3000) included; the ' the exporter put before a cell a
spreadsheet would run as a formula (publishing.csvfile); a full-width comma or an ideographic one
separating the items of a list cell.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django import forms
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from publishing.csvfile import csv_cell

MAX_ROWS = 10_000


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written. errors: RowError list."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: 1 is the header, 0 the file as a whole
    field: str
    messages: list

    def __str__(self):
        return gettext("row %(row)s, %(field)s: %(messages)s") % {
            "row": self.row,
            "field": self.field,
            "messages": " ".join(str(message) for message in self.messages),
        }


@dataclass
class RowChange:
    row: int
    action: str  # "create", "update" or "unchanged"
    label: str
    changes: list = field(default_factory=list)  # (field, old, new)
    form: object = None  # the validated row
    existing: object = None  # the record it updates, as it was read


@dataclass
class ImportPlan:
    """What a file does, row by row: a preview before the import, a summary after it."""

    rows: list

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self):
        return self.count("create")

    @property
    def updated(self):
        return self.count("update")

    @property
    def unchanged(self):
        return self.count("unchanged")


def read_rows(upload_name, content, *, columns, required):
    """[(row number, {column: text})] from CSV (UTF-8, BOM allowed) or XLSX bytes.

    The first row names the columns (any order, any case; a column may be left out unless
    required); row 2 is the first data row, and blank rows are skipped. Raises ImportRejected.
    """
    table = read_table(upload_name, content)
    return _numbered_rows(table, columns=columns, required=required)


def read_table(upload_name, content):
    """The first sheet's rows as lists of clean cell text (cell_text)."""
    name = upload_name.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv"):
        return _read_csv(content)
    raise ImportRejected([RowError(0, gettext("file"), [gettext("Upload a .csv or .xlsx file.")])])


def _read_csv(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([RowError(0, gettext("file"), [gettext("The CSV file is not UTF-8 text.")])]) from None
    table = []
    try:
        for cells in csv.reader(io.StringIO(text, newline="")):
            table.append([cell_text(cell) for cell in cells])
    except csv.Error:
        # The csv module refuses a cell over its limit (128 KiB), which is also what a quote
        # mark left open makes of the rest of the file. The row is the record it was reading.
        raise ImportRejected([RowError(len(table) + 1, gettext("file"), [
            gettext("This row cannot be read: a cell is longer than %(limit)s characters, or a quote mark is not closed.")
            % {"limit": csv.field_size_limit()}
        ])]) from None
    return table


def _read_xlsx(content):
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError):
        raise ImportRejected([RowError(0, gettext("file"), [gettext("This is not a readable .xlsx workbook.")])]) from None
    sheet = workbook.worksheets[0]
    table = [[cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return table


def cell_text(cell):
    """A cell as the text its editor sees: 941.0 typed as a number reads 941, an Excel date
    2014-12-03, and spaces around the text (full-width ones too) are gone."""
    if cell is None:
        return ""
    if isinstance(cell, bool):  # before int: True is an int to Python
        return "true" if cell else "false"
    if isinstance(cell, float):
        return format(Decimal(repr(cell)).normalize(), "f")
    if isinstance(cell, datetime.datetime):
        # Excel has no date without a time: a date typed into a cell comes back at midnight.
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat(sep=" ")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    text = str(cell).strip()  # str.strip() takes U+3000 and no-break spaces too
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # csv_cell's guard against formulas, taken off again
    return text


def _numbered_rows(table, *, columns, required):
    if not table or not any(table[0]):
        raise ImportRejected([RowError(1, gettext("header"), [gettext("The file is empty: the first row must name the columns.")])])
    header = [name.lower() for name in table[0]]
    unknown = [name for name in header if name and name not in columns]
    missing = [name for name in required if name not in header]
    problems = []
    if unknown:
        problems.append(gettext("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    if missing:
        problems.append(gettext("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if problems:
        problems.append(gettext("The columns are: %(names)s.") % {"names": ", ".join(columns)})
        raise ImportRejected([RowError(1, gettext("header"), problems)])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue  # blank lines at the end of a sheet
        rows.append((number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}))
    if len(rows) > MAX_ROWS:
        raise ImportRejected([RowError(0, gettext("file"), [gettext("At most %(max)s rows at a time.") % {"max": MAX_ROWS}])])
    return rows


# What editors type between the items of a list cell: the exporter's ";" (csv_cell), a comma,
# and the full-width and ideographic commas and semicolon of a Chinese keyboard.
_LIST_SEPARATORS = re.compile(r"[;,，、；]")


def split_list(text):
    """The items of a list cell, in order, without blanks: "黄浦区，静安区" is two items."""
    return [item.strip() for item in _LIST_SEPARATORS.split(text or "") if item.strip()]


def shown(value):
    """A value as an export cell holds it, to tell an unchanged field from a change."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, str):
        return value  # as typed: the formula guard is the file's business, not the preview's
    return str(csv_cell(value))


class BooleanCellField(forms.Field):
    """A yes/no cell: 1/0, true/false, yes/no or 是/否; blank is no. Anything else is an error,
    never quietly "yes" as Django's BooleanField would read "maybe"."""

    TRUE = ("1", "true", "yes", "是")
    FALSE = ("", "0", "false", "no", "否")
    default_error_messages = {"invalid": _("Give 1 or 0 (true or false, 是 or 否).")}

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        text = str(value if value is not None else "").strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def workbook_bytes(header, rows, *, descriptions=None):
    """An XLSX file: header and rows on the first sheet, cells as the CSV writer makes them
    (so a text a spreadsheet would run as a formula stays text), and, given descriptions
    ({column: text}), a second sheet saying what each column holds."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("data")
    sheet.append(header)
    for row in rows:
        sheet.append([csv_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    if descriptions:
        about = workbook.create_sheet(gettext("columns"))
        about.append([gettext("column"), gettext("what it holds")])
        for column in header:
            about.append([column, str(descriptions.get(column, ""))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_from_command(command, file, run_import):
    """What an import command does with its FILE argument: read it, run_import(name, content)
    (returns an ImportPlan or raises ImportRejected), and report. Prints each created or changed
    row field by field and returns the plan; on rejection prints every error to stderr and
    raises CommandError: nothing was imported."""
    path = Path(file)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error}") from error
    try:
        plan = run_import(path.name, content)
    except ImportRejected as rejected:
        for error in rejected.errors:
            command.stderr.write(str(error))
        raise CommandError(f"Nothing was imported: {len(rejected.errors)} errors.") from rejected
    for change in plan.rows:
        if change.action != "unchanged":
            details = "; ".join(f"{name}: {old!r} → {new!r}" for name, old, new in change.changes)
            command.stdout.write(f"row {change.row}: {change.action} {change.label} {details}".rstrip())
    return plan


class ImportCommand(BaseCommand):
    """What the import commands share: FILE, --dry-run, --user, and the summary line.

    A subclass sets command_actor (who the change is recorded as made by without --user),
    permissions and refusal (what --user must hold; the message if not, with %(name)s), may (the
    same in words, for --help) and import_file(name, content, *, dry_run, actor).
    """

    command_actor = permissions = refusal = may = None

    def import_file(self, name, content, *, dry_run, actor):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file; first row: the column names.")
        parser.add_argument("--dry-run", action="store_true", help="Check and list the changes; write nothing.")
        parser.add_argument(
            "--user",
            help=f"Who makes the change: an active staff user who may {self.may}. "
            f"Without it, the change is recorded as made by {self.command_actor}.",
        )

    def handle(self, *args, file, dry_run=False, user=None, **options):
        actor = self.command_actor
        if user is not None:
            try:
                actor = staff_named(user, permissions=self.permissions, refusal=self.refusal)
            except LookupError as error:
                raise CommandError(str(error)) from error
        plan = import_from_command(
            self, file, lambda name, content: self.import_file(name, content, dry_run=dry_run, actor=actor)
        )
        verb = "Would import" if dry_run else f"Imported as {actor}"
        self.stdout.write(f"{verb}: {plan.created} created, {plan.updated} updated, {plan.unchanged} unchanged.")


def staff_named(username, *, permissions, refusal):
    """The active staff user who may import, by username; LookupError saying why not."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_active or not user.is_staff:
        raise LookupError(gettext("There is no active staff user %(name)s.") % {"name": username})
    if not user.has_perms(permissions):
        raise LookupError(str(refusal) % {"name": username})
    return user
