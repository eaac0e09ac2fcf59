from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandmarksConfig(AppConfig):
    name = "landmarks"
    verbose_name = _("Smart new landmarks")
