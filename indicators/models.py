"""The report's figures as data: domains, indicators, observations, and the action plan's targets.

Every observation carries the verbatim phrase it was read from (quote), where that phrase is
(chapter, section, pages, line of data/report/report.txt), and the number as printed, so anyone
can check it. A figure the report gives twice with different values is two readings of the same
indicator, year and place: both are kept and shown, never merged.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from indicators import status as target_status
from indicators.citations import passage_url
from indicators.sourcedata import CITY, derivation_fits
from landmarks.models import District
from publishing import removal
from publishing.models import PendingUpload, Publishable, PublishableQuerySet, Tombstone, public_since, public_through
from publishing.text import localized


class Domain(models.Model):
    """One of the report's areas (a chapter) or a section of it that carries figures."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    chapter = models.CharField(_("chapter"), max_length=4, help_text=_("1–10, or A1 for appendix 1."))
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("The report's order."))
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["position"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return localized(self.name_zh, self.name_en)

    def get_absolute_url(self):
        # The list filtered to this domain: an anchor would miss on a page that does not show it.
        return reverse("indicators:list") + f"?domain={self.slug}"


class IndicatorQuerySet(PublishableQuerySet):
    def search(self, text):
        """Indicators whose name or definition (Chinese or English) or code contains text."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name_zh__icontains=text)
            | Q(name_en__icontains=text)
            | Q(definition_zh__icontains=text)
            | Q(definition_en__icontains=text)
            | Q(code__icontains=text)
        )

    def for_listing(self):
        # The list shows each indicator under its chapter and section; downloads name its parent.
        return self.select_related("domain", "domain__parent", "parent")

    def in_public_order(self):
        """By position in the data files, then code: the API, the sitemap, the data package and
        an index's components. (The list page groups by chapter: in_report_order().)"""
        return self.order_by("position", "code", "pk")

    def in_report_order(self):
        """Chapter by chapter in the report's order; in each, the chapter's own indicators, then
        its sections' in order; in each domain, by position. The list pages and groups by this.
        """
        return self.order_by(
            Coalesce("domain__parent__position", "domain__position"),
            Coalesce("domain__parent_id", "domain_id"),
            F("domain__parent_id").asc(nulls_first=True),
            "domain__position",
            "domain_id",
            "position",
            "code",
            "pk",
        )


class Indicator(Publishable):
    """What is measured, in what unit; a composite index lists its components (parent)."""

    code = models.SlugField(_("code"), max_length=80)
    domain = models.ForeignKey(Domain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="indicators")
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit = models.CharField(
        _("unit"), max_length=30, blank=True, help_text=_("As the report prints it (万户, 亿元, %); empty for an index.")
    )
    unit_en = models.CharField(_("unit (English)"), max_length=60, blank=True)
    unit_aliases = models.CharField(
        _("other words for the unit"),
        max_length=60,
        blank=True,
        help_text=_("Comma-separated words the report also uses for what is counted (racks: 个)."),
    )
    definition_zh = models.TextField(_("definition (Chinese)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    higher_is_better = models.BooleanField(
        _("higher is better"), null=True, blank=True, help_text=_("Empty when neither direction is better.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("component of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="components",
        help_text=_("For a sub-index: the composite index it is part of."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)

    objects = IndicatorQuerySet.as_manager()
    # Kept with each saved version, shown in its history and put back by a revert (publishing.models).
    versioned_relations = ("observations",)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        permissions = [("publish_indicator", _("Can publish and unpublish indicators"))]
        constraints = [
            # Unique among records: a version beside its record repeats the record's code.
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(draft_of__isnull=True),
                name="indicator_code_once",
                violation_error_message=_("Another indicator already has this code."),
            ),
        ]
        indexes = [
            # The data state's passed scheduled moments (publishing.caching.passed_moments), read
            # on every API request: without these, two scans of the whole table each time.
            models.Index(fields=["publish_at"], condition=Q(state="published"), name="indicator_published_publish_at"),
            models.Index(fields=["expire_at"], condition=Q(state="published"), name="indicator_published_expire_at"),
        ]

    def __str__(self):
        return f"{self.code}: {self.name_zh}"

    @property
    def name(self):
        return localized(self.name_zh, self.name_en)

    @property
    def unit_label(self):
        return localized(self.unit, self.unit_en)

    @property
    def definition(self):
        return localized(self.definition_zh, self.definition_en)

    def get_absolute_url(self):
        return reverse("indicators:detail", args=[self.code])

    @property
    def public_code(self):
        """The code where a published row names this indicator (a target's measure, a component's
        parent); None for a draft, whose code must appear nowhere public.
        """
        return self.code if self.is_published else None

    def address(self):
        return self.code

    def related_rows(self):
        return {"observations": list(self.observations.select_related("district"))}

    @classmethod
    def related_content_of(cls, related):
        """One line per observation: what a version of an indicator's figures changes."""
        observations = sorted(
            related.get("observations", []),
            key=lambda o: (o.year, o.district.code if o.district_id else "", o.reading),
        )
        return {
            f"{_('observation')} {observation.year} {observation.geography_code} #{observation.reading}": " ".join(
                part for part in (observation.qualifier, observation.value_text, observation.quote[:80]) if part
            )
            for observation in observations
        }

    def set_related_rows(self, related, *, content_only=False):
        """This indicator's observations become related's, matched on (year, place, reading): a
        matched observation is updated in place and keeps its id; one that is gone is deleted;
        new ones are inserted together (a version of a large indicator copies hundreds)."""
        wanted = {observation.natural_key(): observation for observation in related.get("observations", [])}
        current = {observation.natural_key(): observation for observation in self.observations.all()}
        gone = [observation.pk for key, observation in current.items() if key not in wanted]
        if gone:
            Observation.objects.filter(pk__in=gone).delete()
        exempt = Observation.NOT_CONTENT if content_only else ()
        added = []
        for key, source in wanted.items():
            row = current.get(key)
            if row is None:
                row = Observation(indicator=self)
                row.copy_from(source, exempt=exempt)
                added.append(row)
            elif row.copy_from(source, exempt=exempt):
                row.save()
        Observation.objects.bulk_create(added)

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An indicator cannot be a component of itself.")})
        if bool(self.unit) != bool(self.unit_en):
            raise ValidationError({"unit_en": _("Give the unit in both languages, or in neither (an index).")})


class Qualifier(models.TextChoices):
    """The words of approximation the report prints beside a figure, kept as data."""

    MORE_THAN = "超过", _("more than")
    OVER = "超", _("more than")
    ABOUT = "约", _("about")
    ODD = "余", _("over")
    MANY = "多", _("over")
    AND_ABOVE = "以上", _("or more")
    NEARLY = "近", _("nearly")
    BREAKING = "突破", _("over")
    EXCEEDING = "逾", _("over")
    AT_LEAST = "≥", _("at least")
    GREATER = "＞", _("more than")
    LESS_ASCII = "<", _("less than")
    LESS = "＜", _("less than")


DERIVATION_MESSAGE = _("A derived value needs a derivation and a base year; other kinds have neither.")

# The whole city's name beside the districts' name_zh/name_en (data, not interface text).
CITY_NAME_ZH, CITY_NAME_EN = "上海市", "Shanghai"

OBSERVATION_ORDER = ("indicator__position", "indicator__code", "year", "district__code", "reading", "pk")


class ObservationQuerySet(models.QuerySet):
    def search(self, text):
        """Observations whose quote contains text (the report's Chinese, as printed)."""
        text = (text or "").strip()
        return self.filter(quote__icontains=text) if text else self

    def published(self):
        """Observations of published indicators: a draft indicator's figures are not public."""
        return self.filter(public_through("indicator"))

    def for_listing(self):
        return self.select_related("indicator", "indicator__domain", "district")

    def changed_since(self, moment):
        """Values that became what the public sees at or after moment (public_since through the
        indicator: the value's change, its indicator's, or the indicator's publish_at).

        Not the values of a version beside a live indicator: their ids are not the record's
        (partners key values on id), and the record's values take the version's on the next
        write (publishing.workflow.settle_due), stamped then.
        """
        return self.alias(public_since_at=public_since("indicator")).filter(
            public_since_at__gte=moment, indicator__draft_of__isnull=True
        )

    def in_public_order(self, *first):
        """The report's order: by indicator, year, the city before the districts, reading; pk last.

        The API, the indicator page and its downloads and the data package all use it; a sort key
        (first) goes before it. nulls_first: PostgreSQL would otherwise put the city last.
        """
        return self.order_by(*first, *(F(column).asc(nulls_first=True) for column in OBSERVATION_ORDER))


class Observation(models.Model):
    """One value of an indicator for a year and a place, with the phrase of the report it is from."""

    Qualifier = Qualifier

    class Kind(models.TextChoices):
        REPORTED = "reported", _("reported")
        DERIVED = "derived", _("derived from a stated change")
        PROVISIONAL = "provisional", _("provisional")

    class Derivation(models.TextChoices):
        MINUS = "minus", _("later value less the stated increase")
        PLUS = "plus", _("later value plus the stated decrease")
        GROWTH = "growth", _("later value divided by (1 + stated growth)")
        DECLINE = "decline", _("later value divided by (1 − stated decline)")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="observations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
        help_text=_("Empty for the whole city."),
    )
    reading = models.PositiveSmallIntegerField(
        _("reading"),
        default=1,
        help_text=_("1; a different figure the report gives elsewhere for the same year and place is 2, and so on."),
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    qualifier = models.CharField(_("qualifier"), max_length=4, choices=Qualifier.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.REPORTED)
    derivation = models.CharField(_("derivation"), max_length=8, choices=Derivation.choices, blank=True)
    base_year = models.PositiveSmallIntegerField(
        _("derived from the year"), null=True, blank=True, help_text=_("For a derived value: the year it is worked back from.")
    )
    printed = models.CharField(_("as printed"), max_length=30, help_text=_("The number exactly as the quote prints it."))
    printed_unit = models.CharField(
        _("printed unit"), max_length=30, blank=True, help_text=_("The unit printed after it, when not the indicator's.")
    )
    quote = models.TextField(_("quote"), help_text=_("The phrase of the report the value is read from, verbatim."))
    chapter = models.CharField(_("chapter"), max_length=4, blank=True)
    section = models.CharField(_("section"), max_length=80, blank=True)
    page_first = models.PositiveSmallIntegerField(_("first page"), null=True, blank=True)
    page_last = models.PositiveSmallIntegerField(_("last page"), null=True, blank=True)
    line = models.PositiveIntegerField(
        _("line"), null=True, blank=True, help_text=_("Line of data/report/report.txt on which the quote begins.")
    )
    note_zh = models.TextField(_("note (Chinese)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    # From the audit of the report's numbers (data/indicators/audit/, its restatement rows): the
    # same figure printed again, in chapter 1 or a box. Not a reading, not a disagreement.
    printed_again_at = models.JSONField(
        _("printed again at"), default=list, blank=True, editable=False,
        help_text=_("Other lines of the report that print the same figure."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__position", "indicator__code", "year", "district__code", "reading"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            # One value per indicator, year, place and reading; the city is "no district", and
            # NULLs never collide in a plain unique constraint, hence two partial ones.
            models.UniqueConstraint(
                fields=["indicator", "year", "district", "reading"],
                condition=Q(district__isnull=False),
                name="one_district_value_per_reading",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "reading"],
                condition=Q(district__isnull=True),
                name="one_city_value_per_reading",
            ),
            models.CheckConstraint(condition=Q(reading__gte=1), name="reading_from_one"),
            # sourcedata.derivation_fits, as the database can say it.
            models.CheckConstraint(
                condition=(Q(kind="derived", base_year__isnull=False) & ~Q(derivation=""))
                | (~Q(kind="derived") & Q(derivation="", base_year__isnull=True)),
                name="derived_has_derivation_and_base_year",
                violation_error_code="derivation",
                violation_error_message=DERIVATION_MESSAGE,
            ),
        ]
        indexes = [models.Index(fields=["year", "indicator"], name="observation_year_indicator")]

    def __str__(self):
        return f"{self.indicator.code} {self.year} {self.geography_code}: {self.value_text}"

    # Not copied between an indicator's version and its record: the row's identity and stamps.
    COPY_EXEMPT = ("id", "indicator", "created_at", "updated_at")
    # Kept by the row, not by a saved version of its indicator (reversion excludes it: apps.py).
    NOT_CONTENT = ("loaded_values",)

    @property
    def public_since(self):
        """The row's side of ObservationQuerySet.changed_since(): this value's change, or its
        indicator's becoming public, whichever is later (the API's updated_at)."""
        return max(self.updated_at, self.indicator.public_since)

    def natural_key(self):
        """What identifies the figure within its indicator: year, place and reading."""
        return (self.year, self.district_id, self.reading)

    def copy_from(self, source, *, exempt=()):
        """Take source's values (not its indicator or stamps, nor exempt); True if anything changed."""
        changed = self.pk is None
        for field in self._meta.concrete_fields:
            if field.name in self.COPY_EXEMPT or field.name in exempt:
                continue
            value = getattr(source, field.attname)
            if getattr(self, field.attname) != value:
                setattr(self, field.attname, value)
                changed = True
        return changed

    @property
    def geography_code(self):
        return self.district.slug if self.district_id else CITY

    @property
    def geography_name(self):
        if self.district_id:
            return self.district.name
        return _("Shanghai (whole city)")

    @property
    def geography_name_zh(self):
        """The place's name as data (not the interface's language): downloads and the API."""
        return self.district.name_zh if self.district_id else CITY_NAME_ZH

    @property
    def geography_name_en(self):
        return self.district.name_en if self.district_id else CITY_NAME_EN

    @property
    def value_text(self):
        """The value without trailing zeros: Decimal('941.000000') reads 941."""
        return format_decimal(self.value)

    @property
    def qualifier_label(self):
        return self.get_qualifier_display() if self.qualifier else ""

    @property
    def note(self):
        return localized(self.note_zh, self.note_en)

    @property
    def is_estimate(self):
        return self.kind != self.Kind.REPORTED

    def citation_url(self):
        """The reader's address of the quote's lines (indicators.citations.passage_url)."""
        return passage_url(self.line, self.quote)

    def citation(self):
        """Where the quote is printed: "ch. 2 二、信息网络设施, pp. 11–15, line 812"."""
        return {
            "chapter": self.chapter,
            "section": self.section,
            "page_first": self.page_first,
            "page_last": self.page_last,
            "line": self.line,
            "quote": self.quote,
        }

    def clean(self):
        errors = {}
        if not derivation_fits(self.kind, self.derivation, self.base_year):
            errors["derivation"] = DERIVATION_MESSAGE
        if self.indicator_id and self.year and self.reading:
            twin = Observation.objects.filter(
                indicator_id=self.indicator_id, year=self.year, district=self.district, reading=self.reading
            ).exclude(pk=self.pk).first()
            if twin is not None:
                errors["reading"] = _(
                    "%(indicator)s already has a value for %(year)s in %(place)s (reading %(reading)s: "
                    "%(value)s). If the report gives a different figure elsewhere, make this reading %(next)s."
                ) % {
                    "indicator": self.indicator.code,
                    "year": self.year,
                    "place": self.geography_name,
                    "reading": self.reading,
                    "value": twin.value_text,
                    "next": self.reading + 1,
                }
        if errors:
            raise ValidationError(errors)


def format_decimal(value):
    """A Decimal as people write it: 941, 20049.3, 0.5 — never 9.41E+2 or 941.000000."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


class IndicatorTombstone(Tombstone):
    """A deleted indicator the public had seen: its code, for partners' copies to drop it."""

    indicator_id = models.BigIntegerField(_("indicator id"), unique=True)
    code = models.SlugField(_("code"), max_length=80)
    record_field = "indicator_id"

    class Meta:
        ordering = ["removed_at", "code"]
        verbose_name = _("deleted indicator")
        verbose_name_plural = _("deleted indicators")

    def __str__(self):
        return self.code


class ObservationTombstone(Tombstone):
    """A deleted value the public had seen: its id (what partners key values on), and what it was."""

    observation_id = models.BigIntegerField(_("value id"), unique=True)
    indicator_code = models.SlugField(_("indicator"), max_length=80)
    year = models.PositiveSmallIntegerField(_("year"))
    geography = models.SlugField(_("place"), max_length=40)
    reading = models.PositiveSmallIntegerField(_("reading"))
    record_field = "observation_id"

    class Meta:
        ordering = ["removed_at", "observation_id"]
        verbose_name = _("deleted value")
        verbose_name_plural = _("deleted values")

    def __str__(self):
        return f"{self.indicator_code} {self.year} {self.geography}"


# Signals, not delete(): bulk deletes and cascades never call Model.delete(), and post_delete is
# the one hook Django runs for every deleted row, inside the deletion's transaction (as
# landmarks.models.leave_tombstone). A cascade deletes the values before their indicator, so the
# indicator is still there to ask whether the public saw it.
@receiver(post_delete, sender=Indicator, dispatch_uid="indicator_tombstone")
def leave_indicator_tombstone(sender, instance, **kwargs):
    if instance.was_public:
        IndicatorTombstone.leave(instance.pk, code=instance.code)


@receiver(post_delete, sender=Observation, dispatch_uid="observation_tombstone")
def leave_observation_tombstone(sender, instance, **kwargs):
    # A version's values were never the record's (their ids are not), and a draft's never public.
    indicator = Indicator.objects.filter(pk=instance.indicator_id).first()
    if indicator is None or not indicator.was_public:
        return
    ObservationTombstone.leave(
        instance.pk,
        indicator_code=indicator.code,
        year=instance.year,
        geography=instance.geography_code,
        reading=instance.reading,
    )


def removed_indicators(*, since=None):
    """Indicators a partner's copy should drop, oldest first (publishing.removal says which).

    Each is a dict of code, state ("withdrawn" or "deleted") and removed_at; since: only those
    removed at or after it.
    """
    return removal.removed_rows(
        [
            (removal.left_public(Indicator.objects.all()), removal.WITHDRAWN, {"code": "code"}),
            (IndicatorTombstone.objects.all(), removal.DELETED, {"code": "code"}),
        ],
        since=since,
        order=("code",),
    )


def removed_observations(*, since=None):
    """Values a partner's copy should drop, oldest first: those of an indicator that left the
    public (removed with it, as it was: "withdrawn"), and deleted ones ("deleted").

    Each is a dict of id, indicator (code), year, geography, reading, state and removed_at.
    """
    left = removal.left_through(Observation.objects.all(), "indicator", removal.left_public(Indicator.objects.all()))
    left = left.annotate(geography=Coalesce("district__slug", Value(CITY)))
    fields = {"id": "pk", "indicator": "indicator__code", "year": "year", "geography": "geography", "reading": "reading"}
    deleted = {**fields, "id": "observation_id", "indicator": "indicator_code"}
    return removal.removed_rows(
        [(left, removal.WITHDRAWN, fields), (ObservationTombstone.objects.all(), removal.DELETED, deleted)],
        since=since,
    )


class ActionPlan(Publishable):
    """《上海市推进智慧城市建设 2014—2016 年行动计划》 and how the report assessed it (附录 1)."""

    slug = models.SlugField(_("slug"), max_length=20, unique=True, help_text=_("The years: 2014-2016."))
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    source_zh = models.CharField(_("source (Chinese)"), max_length=200, blank=True)
    source_en = models.CharField(_("source (English)"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self):
        return self.name_zh

    @property
    def name(self):
        return localized(self.name_zh, self.name_en)

    @property
    def source(self):
        return localized(self.source_zh, self.source_en)

    def get_absolute_url(self):
        return reverse("indicators:action-plan", args=[self.slug])


class TargetQuerySet(models.QuerySet):
    def published(self):
        """Targets of a published plan: a target is public when its plan is."""
        return self.filter(public_through("plan"))

    def in_public_order(self):
        """The plans oldest first, each target by its number: the page, its downloads, API and package."""
        return self.order_by("plan__start_year", "number", "pk")

    def with_measures(self):
        """Targets with their measures and the published observations those are judged by."""
        observations = Observation.objects.published().select_related("district")
        return self.select_related("plan").prefetch_related(
            models.Prefetch(
                "measures",
                queryset=TargetMeasure.objects.select_related("indicator").prefetch_related(
                    models.Prefetch("indicator__observations", queryset=observations)
                ),
            )
        )


class Target(models.Model):
    """One numbered goal of an action plan (附表 1.1), with the report's own verdict beside ours."""

    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="targets")
    number = models.PositiveSmallIntegerField(_("number"))
    area_zh = models.CharField(_("area (Chinese)"), max_length=60)
    area_en = models.CharField(_("area (English)"), max_length=120)
    text_zh = models.TextField(_("target (Chinese)"), help_text=_("The target as the report words it."))
    text_en = models.TextField(_("target (English)"))
    deadline_year = models.PositiveSmallIntegerField(_("by the end of"))
    report_achieved = models.BooleanField(
        _("the report says achieved"), help_text=_("Its tick in 已经完成 (ticked) or 尚未完成 (not).")
    )
    report_remark = models.CharField(
        _("the report's remark"), max_length=60, blank=True, help_text=_("The 备注 column, verbatim.")
    )
    quote = models.TextField(_("quote"))
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_target_per_number")]

    def __str__(self):
        return f"({self.number}) {self.text_zh}"

    @property
    def area(self):
        return localized(self.area_zh, self.area_en)

    @property
    def text(self):
        return localized(self.text_zh, self.text_en)

    def citation_url(self):
        return passage_url(self.line, self.quote)

    def assessment(self):
        """Our verdict from the figures, the report's tick, and whether they disagree."""
        return target_status.assess(self)


class TargetMeasure(models.Model):
    """A number a target is judged by: indicator, comparator and value (a target may have two)."""

    class Comparator(models.TextChoices):
        AT_LEAST = ">=", _("at least")
        MORE_THAN = ">", _("more than")
        AT_MOST = "<=", _("at most")
        LESS_THAN = "<", _("less than")

    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="target_measures"
    )
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=6)
    printed = models.CharField(_("as printed"), max_length=30)
    printed_unit = models.CharField(_("printed unit"), max_length=30, blank=True)
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["target", "position"]
        verbose_name = _("target measure")
        verbose_name_plural = _("target measures")
        constraints = [models.UniqueConstraint(fields=["target", "position"], name="one_measure_per_position")]

    def __str__(self):
        return f"{self.indicator.code} {self.comparator} {self.value_text}"

    @property
    def value_text(self):
        return format_decimal(self.value)


class Workstream(models.Model):
    """A row of 附表 1.2: how many key projects and tasks of one area were completed."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="workstreams"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=120)
    projects = models.PositiveSmallIntegerField(_("key projects"))
    projects_completed_percent = models.DecimalField(
        _("projects completed (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("Empty where the report prints / (no projects)."),
    )
    projects_open_percent = models.DecimalField(
        _("projects not completed (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks = models.PositiveSmallIntegerField(_("tasks"))
    tasks_completed_percent = models.DecimalField(
        _("tasks completed, at least in stages (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks_open_percent = models.DecimalField(
        _("tasks not completed (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    quote = models.TextField(_("quote"))
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("workstream")
        verbose_name_plural = _("workstreams")
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="one_workstream_per_position")]

    def __str__(self):
        return self.name_zh

    @property
    def name(self):
        return localized(self.name_zh, self.name_en)

    def citation_url(self):
        return passage_url(self.line, self.quote)


class PendingImport(PendingUpload):
    """A spreadsheet of observations between its preview and its import."""

    class Meta(PendingUpload.Meta):
        pass
