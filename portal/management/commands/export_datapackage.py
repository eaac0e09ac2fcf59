from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import datapackage


class Command(BaseCommand):
    help = (
        "Write the published data as a Frictionless Data Package: datapackage.json and one CSV per "
        "table (landmarks, districts, batches, domains, indicators, observations, targets, …) into a folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The folder to write into (made if missing; files in it are replaced).")

    def handle(self, *args, directory, **options):
        target = Path(directory)
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} is a file, not a folder.")
        try:
            paths = datapackage.write(target)
        except OSError as error:
            raise CommandError(f"Cannot write to {target}: {error}") from error
        self.stdout.write(f"{len(paths)} files written to {target}: {', '.join(path.name for path in paths)}")
