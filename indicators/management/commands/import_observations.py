from indicators.importing import COMMAND_ACTOR, IMPORT_PERMISSIONS, IMPORT_REFUSAL, import_file
from publishing.spreadsheets import ImportCommand


class Command(ImportCommand):
    help = (
        "Import observations from a CSV or XLSX file, as the admin's import does: every row is "
        "checked first, and nothing is written unless every row is valid. A published indicator's "
        "figures change in its draft version, which goes through review."
    )
    command_actor, permissions, refusal = COMMAND_ACTOR, IMPORT_PERMISSIONS, IMPORT_REFUSAL
    may = "add and change figures"

    def import_file(self, name, content, *, dry_run, actor):
        return import_file(name, content, dry_run=dry_run, actor=actor)
