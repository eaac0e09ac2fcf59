from django.apps import AppConfig


class PublishingConfig(AppConfig):
    # An app only for its template tags, shared templates and translations: it has no tables.
    name = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        # drf-spectacular finds its extensions by subclassing: the module must be imported.
        from publishing import schema  # noqa: F401
