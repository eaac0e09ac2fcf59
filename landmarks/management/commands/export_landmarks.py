from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from landmarks.models import Landmark
from landmarks.spreadsheets import export_extension, export_file


class Command(BaseCommand):
    help = (
        "Write every entry of the registries, in every state, to an editors' spreadsheet that "
        "import_landmarks reads back: .xlsx or .csv (UTF-8 with a byte-order mark), by FILE's name."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write: a name ending in .xlsx or .csv.")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            extension = export_extension(path)
        except ValueError as error:
            raise CommandError(str(error)) from error
        landmarks = Landmark.objects.as_edited()
        try:
            path.write_bytes(export_file(landmarks, extension=extension))
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error}") from error
        self.stdout.write(f"{landmarks.count()} entries written to {path}.")
