from landmarks.spreadsheets import COMMAND_ACTOR, IMPORT_PERMISSIONS, IMPORT_REFUSAL, import_file
from publishing.spreadsheets import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the registries from an editors' spreadsheet (export_landmarks writes one), as the "
        "admin's import does: every row is checked first, and nothing is written unless every row "
        "is valid. Rows are matched on kind and sequence; a new sequence adds a draft entry. "
        "A published entry's changes become its draft version, which goes through review."
    )
    command_actor, permissions, refusal = COMMAND_ACTOR, IMPORT_PERMISSIONS, IMPORT_REFUSAL
    may = "add and change entries"

    def import_file(self, name, content, *, dry_run, actor):
        return import_file(name, content, dry_run=dry_run, actor=actor)
