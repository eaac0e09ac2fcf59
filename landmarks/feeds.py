from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from landmarks.models import Landmark

FEED_SIZE = 50


class LatestLandmarksFeed(Feed):
    """The most recently published entries, newest first, as Atom.

    Django's Feed view sets Last-Modified from the newest entry, so readers get 304s.
    """

    feed_type = Atom1Feed
    title = _("Shanghai smart new landmarks: latest entries")
    subtitle = _("Entries of the smart community, village, park, business district and new town registries.")

    def link(self):
        return reverse("landmarks:directory")

    def items(self):
        return Landmark.objects.published().select_related("batch").order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.name} · {item.get_kind_display()}"

    def item_description(self, item):
        return item.summary or item.citation

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.published_at
