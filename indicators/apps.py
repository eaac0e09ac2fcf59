from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """The report's index, targets and figures: models arrive with the indicators issue (#6)."""

    name = "indicators"
    verbose_name = _("Indicators")
