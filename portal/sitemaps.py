"""sitemap.xml: every public page in both languages, each with its hreflang alternates.

lastmod is when the page last became what the public sees (publishing.models.public_since): a
version scheduled for a later moment is new from that moment, not from its approval.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from indicators.models import ActionPlan, Indicator
from landmarks.models import District, Kind, Landmark


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(_Bilingual):
    changefreq = "weekly"

    def items(self):
        return [
            ("home", {}),
            ("landmarks:directory", {}),
            *[("landmarks:registry", {"kind": kind}) for kind in Kind.values],
            ("landmarks:districts", {}),
            ("indicators:list", {}),
        ]

    def location(self, item):
        name, kwargs = item
        return reverse(name, kwargs=kwargs)


class LandmarkSitemap(_Bilingual):
    limit = 2000  # two languages per entry, under the protocol's 50,000 URLs a file

    def items(self):
        return Landmark.objects.published().only("kind", "slug", "updated_at", "publish_at").order_by("pk")

    def lastmod(self, item):
        return item.public_since


class DistrictSitemap(_Bilingual):
    def items(self):
        return District.objects.current().order_by("code")


class IndicatorSitemap(_Bilingual):
    def items(self):
        return Indicator.objects.published().only("code", "updated_at", "publish_at").in_public_order()

    def lastmod(self, item):
        return item.public_since


class ActionPlanSitemap(_Bilingual):
    def items(self):
        return ActionPlan.objects.published().only("slug", "updated_at", "publish_at").order_by("start_year")

    def lastmod(self, item):
        return item.public_since


SITEMAPS = {
    "pages": PageSitemap,
    "landmarks": LandmarkSitemap,
    "districts": DistrictSitemap,
    "indicators": IndicatorSitemap,
    "action-plans": ActionPlanSitemap,
}
