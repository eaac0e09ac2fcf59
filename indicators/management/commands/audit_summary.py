"""Print the figures' totals (README.md's data section), or write them into README.md."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators.audit import summary_table
from indicators.sourcedata import SourceData

README = Path(settings.BASE_DIR) / "README.md"
# README.md keeps the table between these two lines; the test compares it with this command.
BLOCK = re.compile(r"(<!-- audit_summary -->\n)(.*?)(\n<!-- /audit_summary -->)", re.S)


def readme_table(text):
    """The table README.md shows between its markers, or None."""
    match = BLOCK.search(text)
    return match.group(2) if match else None


class Command(BaseCommand):
    help = (
        "Print the totals of data/indicators/ (indicators, observations, audit rows by kind) as the "
        "Markdown table of README.md's data section; --write puts it into README.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Replace the table in README.md.")

    def handle(self, *args, write=False, **options):
        table = summary_table(SourceData())
        if not write:
            self.stdout.write(table)
            return
        text = README.read_text(encoding="utf-8")
        if readme_table(text) is None:
            raise CommandError("README.md has no <!-- audit_summary --> block to write into")
        README.write_text(BLOCK.sub(lambda match: match.group(1) + table + match.group(3), text), encoding="utf-8")
        self.stdout.write("README.md: totals written")
