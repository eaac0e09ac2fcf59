"""What the partner API publishes of each model: fields listed one by one, never "__all__"."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from landmarks.dates import PartialDate, Precision
from landmarks.models import Batch, District, Kind, Landmark, RegistryEvent
from publishing.api import SelectableFieldsSerializer
from publishing.viewsets import RemovedSerializer

PARTIAL_DATE = serializers.CharField(
    allow_null=True, help_text=_("YYYY-MM-DD, YYYY-MM or YYYY: only as precise as the report prints it.")
)


ENTRY_URL = serializers.URLField(help_text=_("This entry in the API."))


def entry_url(kind, slug, *, request):
    return reverse("api:landmark-detail", kwargs={"kind": kind, "slug": slug}, request=request)


class DistrictSerializer(serializers.ModelSerializer):
    merged_into = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text=_("A former district: the district that absorbed it.")
    )

    class Meta:
        model = District
        fields = ["slug", "code", "name_zh", "name_en", "merged_into", "merged_in"]
        read_only_fields = fields


class BatchSerializer(serializers.ModelSerializer):
    announced = serializers.SerializerMethodField()

    class Meta:
        model = Batch
        fields = ["slug", "kind", "ordinal", "announced", "announced_precision", "as_printed"]
        read_only_fields = fields

    @extend_schema_field(PARTIAL_DATE)
    def get_announced(self, batch):
        return batch.announced.isoformat()


class LandmarkSerializer(SelectableFieldsSerializer):
    # The record's id, also while a version scheduled to replace it is what the public sees.
    id = serializers.IntegerField(source="record_id", read_only=True)
    districts = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text=_("Today's districts (slugs).")
    )
    batch = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    designated = serializers.SerializerMethodField()
    designated_precision = serializers.SerializerMethodField()
    is_demonstration = serializers.BooleanField(
        source="shows_as_demonstration",
        read_only=True,
        help_text=_("Marked as demonstration (示范); with as_of, only if the mark is dated on or before that day."),
    )
    same_place = serializers.SerializerMethodField()
    story_lines = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(
        source="public_since",
        read_only=True,
        help_text=_("When the entry last became what the public sees: its last change, or its scheduled publication if later."),
    )
    district_names_zh = serializers.SerializerMethodField()
    district_names_en = serializers.SerializerMethodField()

    class Meta:
        model = Landmark
        fields = [
            "id",
            "kind",
            "slug",
            "sequence",
            "name_zh",
            "name_en",
            "districts",
            "districts_as_printed",
            "is_city_level",
            "batch",
            "designated",
            "designated_precision",
            "is_demonstration",
            "same_place",
            "summary",
            "body",
            "story_lines",
            "source_table",
            "source_row",
            "source_line",
            "updated_at",
            "url",
            # Added 2026-12-01 (docs/api-changelog.md): v1 grows at the end, so CSV columns keep their places.
            "district_names_zh",
            "district_names_en",
        ]
        read_only_fields = fields

    @extend_schema_field(PARTIAL_DATE)
    def get_designated(self, landmark):
        # Communities have no designation date in the report: null, never an invented one.
        return landmark.designated.isoformat() if landmark.designated else None

    @extend_schema_field(serializers.ChoiceField(choices=Precision.choices, allow_null=True))
    def get_designated_precision(self, landmark):
        return landmark.designated_precision or None

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(),
            help_text=_("The same place in other registries, as kind/slug (published entries only)."),
        )
    )
    def get_same_place(self, landmark):
        return [f"{other.kind}/{other.slug}" for other in landmark.same_place.all()]

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(),
            help_text=_(
                "Where summary and body are printed: line ranges of the report's text "
                "(data/report/report.txt), each after its box (专栏) if it is in one."
            ),
        )
    )
    def get_story_lines(self, landmark):
        return [
            f"{source['box']}: {source['first_line']}-{source['last_line']}"
            if source["box"]
            else f"{source['first_line']}-{source['last_line']}"
            for source in landmark.story_sources
        ]

    @extend_schema_field(
        serializers.ListField(child=serializers.CharField(), help_text=_("Today's districts in Chinese, as districts."))
    )
    def get_district_names_zh(self, landmark):
        return [district.name_zh for district in landmark.districts.all()]

    @extend_schema_field(
        serializers.ListField(child=serializers.CharField(), help_text=_("Today's districts in English, as districts."))
    )
    def get_district_names_en(self, landmark):
        return [district.name_en for district in landmark.districts.all()]

    @extend_schema_field(ENTRY_URL)
    def get_url(self, landmark):
        return entry_url(landmark.kind, landmark.slug, request=self.context.get("request"))

    def to_representation(self, landmark):
        """The fields above, read straight from the row and its prefetched relations.

        The same values as DRF's field-by-field path (tests/api pins the output byte for byte),
        several times faster on a page of 50: DRF builds each relation's manager three times per
        row (districts, names in two languages) and reverses the URL per row.
        """
        fast = self._fast_readers()
        names = self.field_names()
        if all(name in fast for name in names):
            return {name: fast[name](landmark) for name in names}
        return super().to_representation(landmark)  # a field without a reader here: the shared path

    def _fast_readers(self):
        readers = self.__dict__.get("_readers")
        if readers is None:
            url_of = self._url_maker()
            updated_at = serializers.DateTimeField()  # the declared field's output, unbuilt

            def districts(landmark):
                return _prefetched(landmark, "districts")

            readers = {
                "id": lambda landmark: landmark.record_id,
                "districts": lambda landmark: [district.slug for district in districts(landmark)],
                "batch": lambda landmark: landmark.batch.slug if landmark.batch_id else None,
                "designated": self.get_designated,
                "designated_precision": self.get_designated_precision,
                "is_demonstration": lambda landmark: landmark.shows_as_demonstration,
                "same_place": lambda landmark: [f"{other.kind}/{other.slug}" for other in _prefetched(landmark, "same_place")],
                "story_lines": self.get_story_lines,
                "updated_at": lambda landmark: updated_at.to_representation(landmark.public_since),
                "url": lambda landmark: url_of(landmark.kind, landmark.slug),
                "district_names_zh": lambda landmark: [district.name_zh for district in districts(landmark)],
                "district_names_en": lambda landmark: [district.name_en for district in districts(landmark)],
            }
            for name in PLAIN_FIELDS:
                readers[name] = _attribute_reader(name)
            self.__dict__["_readers"] = readers
        return readers

    def _url_maker(self):
        """entry_url, with the URL reversed once per registry and the slug put in its place."""
        request = self.context.get("request")
        templates = {}

        def url_of(kind, slug):
            if kind not in templates:
                templates[kind] = entry_url(kind, SLUG_PLACEHOLDER, request=request)
            return templates[kind].replace(SLUG_PLACEHOLDER, slug, 1)

        return url_of


# Columns LandmarkSerializer copies as they are (ModelSerializer's plain fields).
PLAIN_FIELDS = [
    "kind", "slug", "sequence", "name_zh", "name_en", "districts_as_printed", "is_city_level",
    "summary", "body", "source_table", "source_row", "source_line",
]
SLUG_PLACEHOLDER = "slug-placeholder-0"


def _attribute_reader(name):
    return lambda landmark: getattr(landmark, name)


def _prefetched(landmark, relation):
    """A relation read with the page: landmarks.api.with_page_relations's listed_<relation>, or
    what prefetch_related fetched, without building a manager for it."""
    listed = landmark.__dict__.get(f"listed_{relation}")
    if listed is not None:
        return listed
    cache = getattr(landmark, "_prefetched_objects_cache", {})
    return cache[relation] if relation in cache else getattr(landmark, relation).all()


class RemovedLandmarkSerializer(RemovedSerializer):
    """An entry a partner's copy should drop: withdrawn or expired (it may come back) or deleted."""

    id = serializers.IntegerField(help_text=_("The id the entry had in the landmarks list."))
    kind = serializers.ChoiceField(choices=Landmark.Kind.choices)
    slug = serializers.CharField()


class RegistryEventSerializer(serializers.Serializer):
    """A dated event of a published entry in its registry (models.registry_events): a real-world
    event such as a designation, not an edit of the portal."""

    date = serializers.SerializerMethodField()
    counts_from = serializers.DateField(
        help_text=_("The last day of the date's period (2014-05: 2014-05-31): from then on, as_of answers count it.")
    )
    event = serializers.ChoiceField(choices=RegistryEvent.choices)
    kind = serializers.ChoiceField(choices=Kind.choices)
    slug = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(PARTIAL_DATE)
    def get_date(self, event):
        return PartialDate(event["dated_on"], event["precision"]).isoformat()

    @extend_schema_field(ENTRY_URL)
    def get_url(self, event):
        return entry_url(event["kind"], event["slug"], request=self.context.get("request"))
