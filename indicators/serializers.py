"""What the partner API publishes of the figures: fields listed one by one, never "__all__".

Values are strings of decimal digits ("97.65"), never floats: a float would turn 0.1 into
0.1000000000000000055511151231257827 in some clients and lose what the report printed.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from indicators.models import Domain, Indicator, Observation, Qualifier, Target, TargetMeasure
from indicators.status import Status
from publishing.api import DirectRepresentation, SelectableFieldsSerializer
from publishing.viewsets import RemovedSerializer

DECIMAL_TEXT = serializers.CharField(
    help_text=_("The value as a decimal number in a string (97.65), without trailing zeros; never a float.")
)


def citation_url_field():
    return serializers.SerializerMethodField(
        help_text=_("The quote's lines in the report reader on the site, the passage highlighted (null without a line).")
    )


class CitationUrlMixin:
    # Added 2026-12-02 (docs/api-changelog.md): in CSV the column comes last (citation_url).
    added_fields = ("url",)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, record):
        # The row is the same in every language (page downloads, the API, the data package): the
        # address is the reader's without a language prefix, where the report's Chinese is.
        with translation.override(settings.LANGUAGE_CODE):
            url = record.citation_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if url and request is not None else url


class CitationSerializer(DirectRepresentation, CitationUrlMixin, serializers.Serializer):
    chapter = serializers.CharField(help_text=_("The report's chapter (1–10, A1 for appendix 1)."))
    section = serializers.CharField()
    page_first = serializers.IntegerField(allow_null=True)
    page_last = serializers.IntegerField(allow_null=True)
    line = serializers.IntegerField(allow_null=True, help_text=_("Line of data/report/report.txt where the quote begins."))
    quote = serializers.CharField(help_text=_("The phrase of the report the value is read from, verbatim."))
    url = citation_url_field()


class SubDomainSerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        read_only=True, help_text=_("In the language of Accept-Language (Chinese by default).")
    )

    class Meta:
        model = Domain
        fields = ["slug", "chapter", "name", "name_zh", "name_en"]
        read_only_fields = fields


class DomainSerializer(SubDomainSerializer):
    children = SubDomainSerializer(many=True, read_only=True, help_text=_("The chapter's sections that carry figures."))

    class Meta(SubDomainSerializer.Meta):
        fields = [*SubDomainSerializer.Meta.fields, "children"]
        read_only_fields = fields


class IndicatorSerializer(SelectableFieldsSerializer):
    domain = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parent = serializers.CharField(
        source="parent.public_code",
        read_only=True,
        allow_null=True,
        help_text=_("For a sub-index: the composite index's code (null if unpublished)."),
    )
    name = serializers.CharField(
        read_only=True, help_text=_("In the language of Accept-Language (Chinese by default).")
    )
    url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(
        source="public_since",
        read_only=True,
        help_text=_("When the indicator last became what the public sees: its last change, or its scheduled publication if later."),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "domain",
            "name",
            "name_zh",
            "name_en",
            "unit",
            "unit_en",
            "definition_zh",
            "definition_en",
            "higher_is_better",
            "parent",
            "updated_at",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(help_text=_("This indicator in the API.")))
    def get_url(self, indicator):
        return reverse("api:indicator-detail", kwargs={"code": indicator.code}, request=self.context.get("request"))


class ObservationSerializer(SelectableFieldsSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.CharField(
        source="indicator.unit", read_only=True, help_text=_("The indicator's unit, as the report prints it.")
    )
    unit_en = serializers.CharField(source="indicator.unit_en", read_only=True)
    geography = serializers.CharField(
        source="geography_code", read_only=True, help_text=_("shanghai for the whole city, or a district's slug.")
    )
    value = serializers.CharField(source="value_text", read_only=True, help_text=DECIMAL_TEXT.help_text)
    # Blank when the report prints no qualifier and for a value not derived: the enum says so.
    qualifier = serializers.ChoiceField(choices=Qualifier.choices, allow_blank=True, read_only=True)
    derivation = serializers.ChoiceField(choices=Observation.Derivation.choices, allow_blank=True, read_only=True)
    citation = CitationSerializer(
        source="*", read_only=True, help_text=_("Where the report prints it, with the verbatim quote.")
    )
    geography_zh = serializers.CharField(
        source="geography_name_zh", read_only=True, help_text=_("The place in Chinese: 上海市 or the district's name.")
    )
    geography_en = serializers.CharField(
        source="geography_name_en", read_only=True, help_text=_("The place in English: Shanghai or the district's name.")
    )
    printed_again_at = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text=_(
            "Other lines of data/report/report.txt that print the same figure again (chapter 1's "
            "overview, a box): not another reading. Empty when it is printed once."
        ),
    )
    updated_at = serializers.DateTimeField(
        source="public_since",
        read_only=True,
        help_text=_(
            "When the value last became what the public sees: its last change, or its indicator's "
            "(whose unit it shows, and with which it is published, scheduled or withdrawn), whichever is later."
        ),
    )

    class Meta:
        model = Observation
        fields = [
            "id",
            "indicator",
            "unit",
            "unit_en",
            "year",
            "geography",
            "reading",
            "value",
            "qualifier",
            "kind",
            "derivation",
            "base_year",
            "printed",
            "printed_unit",
            "citation",
            "note_zh",
            "note_en",
            "updated_at",
            # Added 2026-12-01 (docs/api-changelog.md): v1 grows at the end, so CSV columns keep their places.
            "geography_zh",
            "geography_en",
            # Added 2026-12-03 (docs/api-changelog.md).
            "printed_again_at",
        ]
        read_only_fields = fields


class IndicatorDetailSerializer(IndicatorSerializer):
    components = serializers.SerializerMethodField()
    observations = ObservationSerializer(many=True, read_only=True, help_text=_("Every value, in the report's order."))

    class Meta(IndicatorSerializer.Meta):
        fields = [*IndicatorSerializer.Meta.fields, "components", "observations"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), help_text=_("Its components' codes.")))
    def get_components(self, indicator):
        return [component.code for component in indicator.components.all()]


class AchievedSerializer(serializers.Serializer):
    """The city-wide value a measure is judged by, for the target's deadline year."""

    observation = serializers.IntegerField(source="pk", help_text=_("The observation's id."))
    year = serializers.IntegerField()
    reading = serializers.IntegerField()
    value = serializers.CharField(source="value_text", help_text=DECIMAL_TEXT.help_text)
    qualifier = serializers.CharField()
    kind = serializers.CharField()
    printed = serializers.CharField()


class MeasureSerializer(serializers.ModelSerializer):
    indicator = serializers.SerializerMethodField()
    value = serializers.CharField(source="value_text", read_only=True, help_text=DECIMAL_TEXT.help_text)
    status = serializers.SerializerMethodField()
    achieved = serializers.SerializerMethodField()

    class Meta:
        model = TargetMeasure
        fields = ["indicator", "comparator", "value", "printed", "printed_unit", "status", "achieved"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=_("The indicator's code (null if unpublished).")))
    def get_indicator(self, measure):
        return measure.indicator.public_code

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices))
    def get_status(self, measure):
        return self.context["results"][measure.pk].status

    @extend_schema_field(
        AchievedSerializer(
            many=True, help_text=_("The city-wide values for the deadline year, first reading first (none: no figure).")
        )
    )
    def get_achieved(self, measure):
        result = self.context["results"][measure.pk]
        readings = [result.observation, *(observation for observation, _status in result.other_readings)]
        return AchievedSerializer([observation for observation in readings if observation], many=True).data


class TargetCitationSerializer(CitationUrlMixin, serializers.Serializer):
    line = serializers.IntegerField(allow_null=True, help_text=_("Line of data/report/report.txt."))
    quote = serializers.CharField()
    url = citation_url_field()


class TargetSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    measures = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    report_status = serializers.SerializerMethodField()
    disagrees = serializers.SerializerMethodField()
    figures_differ = serializers.SerializerMethodField()
    citation = TargetCitationSerializer(source="*", read_only=True, help_text=_("The target's row of 附表 1.1."))

    class Meta:
        model = Target
        fields = [
            "plan",
            "number",
            "area_zh",
            "area_en",
            "text_zh",
            "text_en",
            "deadline_year",
            "measures",
            "status",
            "report_achieved",
            "report_status",
            "disagrees",
            "report_remark",
            "citation",
            "figures_differ",  # added 2026-12-01: v1 grows at the end, see docs/api-changelog.md
        ]
        read_only_fields = fields

    def to_representation(self, target):
        # The assessment reads every measure's prefetched observations: work it out once per row.
        self._assessment = target.assessment()
        return super().to_representation(target)

    @extend_schema_field(MeasureSerializer(many=True))
    def get_measures(self, target):
        results = {result.measure.pk: result for result in self._assessment.measures}
        return MeasureSerializer(target.measures.all(), many=True, context={**self.context, "results": results}).data

    @extend_schema_field(
        serializers.ChoiceField(choices=Status.choices, help_text=_("Our verdict, worked out from the figures."))
    )
    def get_status(self, target):
        return self._assessment.status

    @extend_schema_field(
        serializers.ChoiceField(choices=Status.choices, help_text=_("The report's tick: met or not_met."))
    )
    def get_report_status(self, target):
        return str(self._assessment.report_status)

    @extend_schema_field(
        serializers.BooleanField(
            help_text=_(
                "Our verdict (met or not met) is the opposite of the report's tick, or two readings give "
                "opposite verdicts. A target the figures cannot confirm does not disagree."
            )
        )
    )
    def get_disagrees(self, target):
        return self._assessment.disagrees

    @extend_schema_field(
        serializers.BooleanField(
            help_text=_("The report prints two different figures for one of the measures (reading 2), whatever the verdict.")
        )
    )
    def get_figures_differ(self, target):
        return self._assessment.figures_differ


class RemovedIndicatorSerializer(RemovedSerializer):
    """An indicator a partner's copy should drop: withdrawn or expired (it may come back) or deleted."""

    code = serializers.CharField(help_text=_("The code the indicator had in the indicators list."))


class RemovedObservationSerializer(RemovedSerializer):
    """A value a partner's copy should drop: its indicator left the public, or it was deleted."""

    id = serializers.IntegerField(help_text=_("The id the value had in the observations list."))
    indicator = serializers.CharField(help_text=_("Its indicator's code."))
    year = serializers.IntegerField()
    geography = serializers.CharField(help_text=_("shanghai for the whole city, or a district's slug."))
    reading = serializers.IntegerField()
