from django.core.management.base import BaseCommand, CommandError

from landmarks.spreadsheets import COMMAND_ACTOR, import_file, staff_named
from publishing.spreadsheets import import_from_command


class Command(BaseCommand):
    help = (
        "Import the registries from an editors' spreadsheet (export_landmarks writes one), as the "
        "admin's import does: every row is checked first, and nothing is written unless every row "
        "is valid. Rows are matched on kind and sequence; a new sequence adds a draft entry."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file; first row: the column names.")
        parser.add_argument("--dry-run", action="store_true", help="Check and list the changes; write nothing.")
        parser.add_argument(
            "--user",
            help=f"Who makes the change: an active staff user who may add and change entries. "
            f"Without it, the change is recorded as made by {COMMAND_ACTOR}.",
        )

    def handle(self, *args, file, dry_run=False, user=None, **options):
        actor = COMMAND_ACTOR
        if user is not None:
            try:
                actor = staff_named(user)
            except LookupError as error:
                raise CommandError(str(error)) from error
        plan = import_from_command(
            self, file, lambda name, content: import_file(name, content, dry_run=dry_run, actor=actor)
        )
        verb = "Would import" if dry_run else f"Imported as {actor}"
        self.stdout.write(f"{verb}: {plan.created} created, {plan.updated} updated, {plan.unchanged} unchanged.")
