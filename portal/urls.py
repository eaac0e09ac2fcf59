from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path

from portal import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]
# Chinese at /, English at /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    prefix_default_language=False,
)
