from django.core.management.base import BaseCommand

from portal import rates
from portal.models import RateCounter


class Command(BaseCommand):
    help = (
        "Delete the API's rate counters (table portal_ratecounter) whose period is over: a row per "
        "client address would otherwise stay for ever. Run it every hour or so (deploy/systemd/portal-prune-rates.timer); "
        "safe while the site serves."
    )

    def handle(self, *args, **options):
        deleted = rates.prune()
        self.stdout.write(f"{deleted} finished rate counters deleted, {RateCounter.objects.count()} kept")
