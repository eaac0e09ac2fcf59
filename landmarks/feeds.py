from django.contrib.syndication.views import Feed
from django.db.models import F
from django.db.models.functions import Coalesce
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
        # A version shown in its record's place (scheduled) keeps the record's first publication:
        # its own published_at is empty, which would sort first on PostgreSQL and last on SQLite.
        first_published = Coalesce("draft_of__published_at", "published_at")
        return (
            Landmark.objects.published()
            .select_related("batch")
            .annotate(first_published=first_published)
            .order_by(F("first_published").desc(), "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.name} · {item.get_kind_display()}"

    def item_description(self, item):
        return item.summary or item.citation

    def item_updateddate(self, item):
        return item.public_since

    def item_pubdate(self, item):
        return item.first_published
