from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.importing import ImportRejected, import_file


class Command(BaseCommand):
    help = (
        "Import observations from a CSV or XLSX file, as the admin's import does: every row is "
        "checked first, and nothing is written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file; first row: the column names.")
        parser.add_argument("--dry-run", action="store_true", help="Check and list the changes; write nothing.")

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        try:
            plan = import_file(path.name, content, dry_run=dry_run)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing was imported: {len(rejected.errors)} errors.") from rejected
        for change in plan.rows:
            if change.action != "unchanged":
                details = "; ".join(f"{name}: {old!r} → {new!r}" for name, old, new in change.changes)
                self.stdout.write(f"row {change.row}: {change.action} {change.label} {details}".rstrip())
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb}: {plan.created} created, {plan.updated} updated, {plan.unchanged} unchanged.")
