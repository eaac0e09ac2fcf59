from django.urls import path, register_converter

from landmarks import feeds, views
from landmarks.models import Kind


class KindConverter:
    """Only the five registries match, so /landmarks/<anything else>/ is a plain 404."""

    regex = "|".join(Kind.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(KindConverter, "kind")

app_name = "landmarks"
urlpatterns = [
    path("landmarks/", views.directory, name="directory"),
    path("landmarks/preview/<int:pk>/", views.preview, name="preview"),
    path("landmarks/<kind:kind>/", views.directory, name="registry"),
    path("landmarks/<kind:kind>/<slug:slug>/", views.detail, name="detail"),
    path("districts/", views.districts, name="districts"),
    path("districts/<slug:slug>/", views.district, name="district"),
    path("feeds/landmarks/", feeds.LatestLandmarksFeed(), name="feed"),
]
