from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class LandmarksConfig(AppConfig):
    name = "landmarks"
    verbose_name = _("Smart new landmarks")

    def ready(self):
        from landmarks.caching import note_deletion

        # Only to invalidate cached counts (the one use STYLE.md allows signals).
        post_delete.connect(note_deletion, sender="landmarks.Landmark", dispatch_uid="landmarks-deletion")
