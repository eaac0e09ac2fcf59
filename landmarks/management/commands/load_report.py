from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from indicators.loading import load_indicators
from indicators.sourcedata import DATA_DIR as INDICATORS_DIR
from landmarks.loading import DATA_DIR, LoadError, load_report


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
            default=str(DATA_DIR),
            help="Folder of the transcribed tables (default: data/landmarks), e.g. a corrected copy.",
        )
        parser.add_argument(
            "--indicators-dir",
            default=str(INDICATORS_DIR),
            help="Folder of the figures (default: data/indicators).",
        )

    def handle(self, *args, overwrite=False, data_dir=None, indicators_dir=None, **options):
        try:
            # One transaction for both: figures that cannot load leave the registries as they were.
            with transaction.atomic():
                summary = load_report(data_dir=data_dir, overwrite=overwrite)
                figures = load_indicators(data_dir=indicators_dir, overwrite=overwrite)
        except LoadError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        for line in summary.lines():
            self.stdout.write(line)
        if summary.landmarks.kept and not overwrite:
            kept = summary.landmarks.kept
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
