from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from portal.loading import INDICATORS_DIR, REGISTRIES_DIR, load_report
from publishing.loading import LoadError


class Command(BaseCommand):
    help = (
        "Load the 2017 report's five landmark registries, their districts, batches and data notes, "
        "and its figures: indicators, observations and the action plan's targets. "
        "Safe to re-run: it changes nothing that is already loaded and keeps editors' changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Put the report's values back over what editors changed (names, slugs, districts, …).",
        )
        parser.add_argument(
            "--data-dir",
            default=str(REGISTRIES_DIR),
            help="Folder of the transcribed tables (default: data/landmarks), e.g. a corrected copy.",
        )
        parser.add_argument(
            "--indicators-dir",
            default=str(INDICATORS_DIR),
            help="Folder of the figures (default: data/indicators).",
        )

    def handle(self, *args, overwrite=False, data_dir=None, indicators_dir=None, **options):
        try:
            summary = load_report(registries_dir=data_dir, indicators_dir=indicators_dir, overwrite=overwrite)
        except LoadError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        except OperationalError as error:
            # SQLite's answer to a second writer that waited too long: say so, not a traceback.
            raise CommandError(f"Nothing was loaded: the database is busy ({error}). Try again.") from error
        registries, figures = summary.registries, summary.figures
        for line in registries.lines():
            self.stdout.write(line)
        if registries.landmarks.kept and not overwrite:
            kept = registries.landmarks.kept
            self.stdout.write(
                f"{kept} {'entry keeps' if kept == 1 else 'entries keep'} editors' changes; "
                "run with --overwrite to restore the report's values."
            )
        for line in figures.lines():
            self.stdout.write(line)
        if figures.kept and not overwrite:
            self.stdout.write(
                f"{figures.kept} figures keep editors' changes; run with --overwrite to restore the report's values."
            )
