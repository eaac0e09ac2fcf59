"""The data files' format: tab-separated, one header row, lines starting with # are comments.

Plain Python with no Django, so that scripts can check a data file while it is being written;
the loaders read the same rows through here.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path


class TableError(ValueError):
    """A data file that cannot be read as its table: nothing of it should be loaded."""


@dataclass
class Row:
    """One data row, with its file and row number for messages (row 1 is the header)."""

    source: str
    number: int
    values: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return (self.values.get(key) or "").strip()

    @property
    def where(self):
        return f"{self.source} row {self.number}"


def read_tsv(path, *, columns=()):
    """Every row of the file, numbered as a spreadsheet numbers them (the header is row 1).

    Raises TableError when the file cannot be read, lacks one of `columns`, or has a row with
    more or fewer cells than the header: a shifted column would load values into wrong fields.
    Blank lines are skipped like comments.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if line.strip() and not line.startswith("#")]
    except (OSError, UnicodeDecodeError) as error:
        raise TableError(f"cannot read {path}: {error}") from None
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [name for name in columns if name not in (reader.fieldnames or [])]
    if missing:
        raise TableError(f"{path.name}: no column {', '.join(missing)}")
    rows = []
    for number, values in enumerate(reader, start=2):
        if None in values or None in values.values():
            raise TableError(f"{path.name} row {number}: wrong number of columns")
        rows.append(Row(path.name, number, values))
    return rows
