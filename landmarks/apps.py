from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandmarksConfig(AppConfig):
    name = "landmarks"
    verbose_name = _("Smart new landmarks")

    def ready(self):
        # Every server-side cache of the site keys on the data states (publishing.caching).
        import reversion

        from landmarks import caching
        from landmarks.models import Landmark, LandmarkDistrict
        from publishing.caching import register_data_state

        register_data_state("landmarks", caching.data_state, scheduled=[Landmark])
        # Each saved version of an entry keeps its district links with it (history, revert).
        reversion.register(LandmarkDistrict)
        reversion.register(Landmark, follow=Landmark.versioned_relations, exclude=["loaded_values", "lock_version"])
