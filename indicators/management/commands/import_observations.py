from django.core.management.base import BaseCommand

from indicators.importing import import_file
from publishing.spreadsheets import import_from_command


class Command(BaseCommand):
    help = (
        "Import observations from a CSV or XLSX file, as the admin's import does: every row is "
        "checked first, and nothing is written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file; first row: the column names.")
        parser.add_argument("--dry-run", action="store_true", help="Check and list the changes; write nothing.")

    def handle(self, *args, file, dry_run=False, **options):
        plan = import_from_command(self, file, lambda name, content: import_file(name, content, dry_run=dry_run))
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb}: {plan.created} created, {plan.updated} updated, {plan.unchanged} unchanged.")
