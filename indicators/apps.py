from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """The report's index, targets and figures."""

    name = "indicators"
    verbose_name = _("Indicators")

    def ready(self):
        # Every server-side cache of the site keys on the data states (publishing.caching).
        import reversion

        from indicators import caching
        from indicators.models import ActionPlan, Indicator, Observation
        from publishing.caching import register_data_state

        register_data_state("indicators", caching.data_state, scheduled=[Indicator, ActionPlan])
        # Each saved version of an indicator keeps its observations with it (history, revert).
        reversion.register(Observation, exclude=Observation.NOT_CONTENT)
        reversion.register(Indicator, follow=Indicator.versioned_relations, exclude=["loaded_values", "lock_version"])
