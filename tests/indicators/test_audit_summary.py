"""README.md's totals of the figures are the ones `manage.py audit_summary` prints, never typed."""

from io import StringIO

from django.core.management import call_command

from indicators.management.commands.audit_summary import README, readme_table
from indicators.sourcedata import SourceData


def summary():
    out = StringIO()
    call_command("audit_summary", stdout=out)
    return out.getvalue().strip()


def test_the_readme_shows_the_totals_the_command_prints():
    assert readme_table(README.read_text(encoding="utf-8")) == summary(), (
        "README.md's totals are out of date: run manage.py audit_summary --write"
    )


def test_the_totals_add_up():
    source = SourceData()
    counts = {line.split(" | ")[0].strip("| "): line.split(" | ")[1].strip(" |") for line in summary().splitlines()[2:]}
    assert int(counts["indicators"]) == len(source.indicators)
    assert int(counts["observations"]) == len(source.observations)
    audit_rows = int(counts["audit rows"])
    assert audit_rows == sum(len(rows) for rows in source.audits.values())
    by_kind = [int(count) for what, count in counts.items()
               if what.startswith("audit rows: ") and "Chinese numerals" not in what]
    assert sum(by_kind) == audit_rows
