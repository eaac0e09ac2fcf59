from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandmarksConfig(AppConfig):
    name = "landmarks"
    verbose_name = _("Smart new landmarks")

    def ready(self):
        # Every server-side cache of the site keys on the data states (publishing.caching).
        from landmarks import caching
        from publishing.caching import register_data_state

        register_data_state("landmarks", caching.data_state)
