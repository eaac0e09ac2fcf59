from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include("portal.api_urls")),
]
# Chinese at /, English at /en/: the admin too (/admin/ and /en/admin/), since with unprefixed
# Chinese URLs the language comes from the path, not from the browser.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    prefix_default_language=False,
)
