"""A CSV cell longer than the csv module reads (128 KiB) is a row error, never a 500."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Observation
from tests.indicators.test_import import IMPORT_PERMISSIONS

URL = "/en/admin/indicators/observation/import/"
QUOTE = "（5）下一代广播电视网覆盖 600 万户家庭 √ 744 万户"
TOO_LONG = "x" * (128 * 1024 + 1)


@pytest.fixture
def long_cell_csv(empty_database, make_indicator):
    """Row 3 of 4 has a note one character over the limit; rows 2 and 4 are valid."""
    code = make_indicator(unit="万户").code
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["indicator", "year", "value", "unit", "quote", "note_en"])
    for year, note in ((2014, ""), (2015, TOO_LONG), (2016, "")):
        writer.writerow([code, year, "744", "万户", QUOTE, note])
    return buffer.getvalue().encode()


def test_the_admin_names_the_row_with_a_400_and_writes_nothing(client, make_staff, long_cell_csv):
    client.force_login(make_staff(*IMPORT_PERMISSIONS))
    upload = io.BytesIO(long_cell_csv)
    upload.name = "notes.csv"
    response = client.post(URL, {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing has been written" in page
    assert "<td>3</td><td>file</td><td>This row cannot be read: a cell is longer than 131072 characters" in page
    assert not Observation.objects.exists()


def test_the_command_names_the_row_and_fails_cleanly(long_cell_csv, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_bytes(long_cell_csv)
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 1 errors"):
        call_command("import_observations", str(path), "--dry-run", stdout=stdout, stderr=stderr)
    assert stderr.getvalue().startswith("row 3, file: This row cannot be read: a cell is longer than 131072")
    assert stdout.getvalue() == ""
    assert not Observation.objects.exists()


def test_the_row_number_counts_records_not_lines(make_indicator, tmp_path):
    """A quoted cell may span lines; row numbers count rows as a spreadsheet shows them."""
    code = make_indicator(unit="万户").code
    path = tmp_path / "notes.csv"
    path.write_text(
        "indicator,year,value,unit,quote,note_en\n"
        f'{code},2014,744,万户,{QUOTE},"two\nlines"\n'
        f"{code},2015,744,万户,{QUOTE},{TOO_LONG}\n",
        encoding="utf-8",
    )
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_observations", str(path), "--dry-run", stdout=io.StringIO(), stderr=stderr)
    assert stderr.getvalue().startswith("row 3, ")
