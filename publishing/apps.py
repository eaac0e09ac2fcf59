from django.apps import AppConfig


class PublishingConfig(AppConfig):
    # The foundation: template tags, shared templates and translations, and the tables every app
    # shares (the audit log, former addresses).
    name = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        # drf-spectacular finds its extensions by subclassing: the module must be imported.
        from publishing import schema  # noqa: F401
