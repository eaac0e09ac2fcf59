from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from portal import faults, views
from portal.sitemaps import SITEMAPS
from publishing.caching import cache_per_data_version

# The sitemaps are rebuilt when the data changes, so a withdrawn page leaves them at once;
# crawlers may keep a copy for the documented 15 minutes.
sitemap_cache = cache_per_data_version(max_age=60 * 15)

# A database down is a 503 wherever it is raised, and the API's errors stay JSON (portal.faults).
handler500 = faults.server_error

urlpatterns = [
    path("healthz", faults.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots"),
    # One index for both languages: each page is listed with its hreflang alternates.
    path("sitemap.xml", sitemap_cache(sitemap_views.index), {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_cache(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("api/v1/", include("portal.api_urls")),
    # The open data package: outside i18n_patterns, like the API, so its URLs never change.
    path("data/datapackage.json", views.datapackage_json, name="datapackage"),
    path("data/catalog.jsonld", views.data_catalogue_jsonld, name="data-catalogue-jsonld"),
    path("data/smart-city-data.zip", views.datapackage_zip, name="datapackage-zip"),
    path("data/<slug:name>.csv", views.datapackage_resource, name="datapackage-resource"),
]
# Chinese at /, English at /en/: the admin too (/admin/ and /en/admin/), since with unprefixed
# Chinese URLs the language comes from the path, not from the browser.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    # The API's documentation is a page of the site (both languages), not under /api/v1/.
    path("api-docs/", views.api_docs, name="api-docs"),
    path("action-plan/", views.latest_action_plan, name="action-plan-latest"),
    path("search/", views.search_page, name="search"),
    path("report/", views.report_index, name="report"),
    path("report/line/<int:line>/", views.report_line, name="report-line"),
    re_path(r"^report/(?P<chapter>[1-9]|10|appendix-[12]|front)/$", views.report_chapter, name="report-chapter"),
    path("data/", views.data_catalogue, name="data-catalogue"),
    path("", include("landmarks.urls")),
    path("", include("indicators.urls")),
    prefix_default_language=False,
)
