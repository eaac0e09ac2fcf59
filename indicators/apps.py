from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """The report's index, targets and figures."""

    name = "indicators"
    verbose_name = _("Indicators")

    def ready(self):
        # Every server-side cache of the site keys on the data states (publishing.caching).
        from indicators import caching
        from publishing.caching import register_data_state

        register_data_state("indicators", caching.data_state)
