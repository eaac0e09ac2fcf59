"""The five registries of smart new landmarks (附录 2 of the 2017 report) and their districts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landmarks import dates, naming
from landmarks.dates import Precision
from publishing import removal
from publishing.citations import line_url
from publishing.models import PendingUpload, Publishable, PublishableQuerySet, Tombstone, public_since
from publishing.text import localized


class Kind(models.TextChoices):
    """The registries, in the report's order (附表 2.1 to 2.5)."""

    COMMUNITY = "community", _("smart community")
    VILLAGE = "village", _("smart village")
    PARK = "park", _("smart park")
    BUSINESS_DISTRICT = "business_district", _("smart business district")
    NEW_TOWN = "new_town", _("smart new town")


def registry_order(field="kind"):
    """An expression sorting rows by registry in the report's order, not alphabetically."""
    return models.Case(
        *[models.When(**{field: kind}, then=position) for position, kind in enumerate(Kind.values)],
        output_field=models.PositiveSmallIntegerField(),
    )


def registry_position(kind):
    """0 for communities … 4 for new towns: the report's order, stored so an index can serve it."""
    return Kind.values.index(kind)


def batch_slug(kind, ordinal):
    return f"{kind}-{ordinal}"


class DistrictQuerySet(models.QuerySet):
    def current(self):
        """Today's 16 districts, without the former names the report still uses."""
        return self.filter(merged_into__isnull=True)

    def with_current(self):
        """Districts with the one that absorbed each (merged_into) fetched, for District.current()."""
        return self.select_related("merged_into")


class District(models.Model):
    code = models.CharField(
        _("administrative code"), max_length=6, unique=True, help_text=_("GB/T 2260 division code.")
    )
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=60)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="former_districts",
        limit_choices_to={"merged_into__isnull": True},
        help_text=_("Set on a former district: the district that absorbed it."),
    )
    merged_in = models.PositiveSmallIntegerField(_("year merged"), null=True, blank=True)
    # What the loader last wrote, so that a re-run can tell an editor's change from its own.
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True, merged_in__isnull=True)
                | Q(merged_into__isnull=False, merged_in__isnull=False),
                name="district_merge_has_year",
                violation_error_message=_("A former district needs both the district that absorbed it and the year."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("landmarks:district", kwargs={"slug": self.current().slug})

    def clean(self):
        if self.merged_into_id is not None and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": _("A district cannot be merged into itself.")})

    @property
    def name(self):
        return localized(self.name_zh, self.name_en)

    @property
    def is_current(self):
        return self.merged_into_id is None

    def current(self):
        """The district as it is today: itself, or the one that absorbed it (闸北区 → 静安区).

        The one place the rule "a former district counts as today's" is written: filters, facets,
        loaders and the figures' geography all go through it. Select merged_into with the row
        (DistrictQuerySet.with_current()) to resolve a former district without a query.
        """
        return self.merged_into if self.merged_into_id else self


class Batch(models.Model):
    """One designation round (批次) of a registry, as the appendix prints it."""

    kind = models.CharField(_("registry"), max_length=20, choices=Kind.choices)
    ordinal = models.PositiveSmallIntegerField(_("batch"), help_text=_("1 for 第一批, 2 for 第二批, …"))
    announced_on = models.DateField(_("announced"))
    announced_precision = models.CharField(_("announced to the"), max_length=5, choices=Precision.choices)
    as_printed = models.CharField(_("as printed"), max_length=60, blank=True)
    source_table = models.CharField(_("source table"), max_length=20, blank=True)
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=40, unique=True, editable=False, help_text=_("Registry and number, e.g. park-2.")
    )
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = [registry_order(), "ordinal"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "ordinal"],
                name="batch_ordinal_per_kind",
                violation_error_message=_("This registry already has a batch with this number."),
            ),
            models.CheckConstraint(
                condition=Q(announced_precision="day")
                | Q(announced_precision="month", announced_on__day=1)
                | Q(announced_precision="year", announced_on__day=1, announced_on__month=1),
                name="batch_date_matches_precision",
                violation_error_message=_("A date known only to the month is stored as the 1st of that month."),
            ),
        ]

    def __str__(self):
        return _("%(registry)s, batch %(ordinal)s (%(announced)s)") % {
            "registry": self.get_kind_display(),
            "ordinal": self.ordinal,
            "announced": self.announced.isoformat(),
        }

    def save(self, *args, **kwargs):
        # The name filters and URLs use: stable across databases, unlike the primary key.
        self.slug = batch_slug(self.kind, self.ordinal)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"kind", "ordinal"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "slug"}
        super().save(*args, **kwargs)

    @property
    def announced(self):
        return dates.PartialDate(self.announced_on, self.announced_precision)

    def announced_display(self):
        return dates.display(self.announced_on, self.announced_precision)


# The report's order of entries; the pk last so that equal rows never swap between pages.
REGISTRY_ORDER = ("registry_position", "sequence", "pk")

class RegistryEvent(models.TextChoices):
    """The dated events of an entry in its registry, in the order they happen on one day.

    Real-world events, not edits of the portal. Each is kept as <event>_on and <event>_precision,
    and <event>_from: the day it counts from (dates.period_end).
    """

    DESIGNATED = "designated", pgettext_lazy("registry event", "designated")
    DEMONSTRATION = "demonstration", pgettext_lazy("registry event", "marked as demonstration")
    WITHDRAWN = "withdrawn", pgettext_lazy("registry event", "withdrawn from the registry")


DATED_EVENTS = RegistryEvent.values


def demonstration_by(day):
    """The condition "marked as demonstration on `day`": the mark is dated and counts by then.

    An undated mark is not known to have held on any past day, as an undated designation is not.
    """
    return Q(is_demonstration=True, demonstration_from__lte=day)


class LandmarkQuerySet(PublishableQuerySet):
    def for_listing(self):
        # A listing shows batch and districts: fetch them with the page, not once per row.
        return self.select_related("batch").prefetch_related("districts")

    def with_same_place(self):
        """What LandmarkSerializer's row also reads: the same place's entries, published ones only."""
        published = Landmark.objects.published().only("pk", "kind", "slug")
        return self.prefetch_related(models.Prefetch("same_place", queryset=published))

    def in_registry_order(self, *first):
        """The public order: the registries as the report prints them, each by its 序号, pk last.

        Every listing, download, data-package table and the API's default use it; a sort key
        (first) goes before it, so ties still keep the report's order.
        """
        return self.order_by(*first, *REGISTRY_ORDER)

    def as_of(self, day):
        """The entries on the registries on `day`, each with demonstration_as_of for that day.

        An entry counts once the whole period of its designation date has ended and until its
        withdrawal from the registry counts; an entry the report does not date is left out
        (undated()).
        """
        return (
            self.filter(designated_from__lte=day)
            .exclude(withdrawn_from__lte=day)
            .annotate(demonstration_as_of=models.ExpressionWrapper(demonstration_by(day), models.BooleanField()))
        )

    def undated(self):
        """Entries whose designation the report does not date: what an "as of" answer leaves out."""
        return self.filter(designated_on=None)

    def count_per_kind(self):
        """{kind: entries} in one GROUP BY: the home page, the registry facet, a district's page."""
        return dict(self.order_by().values_list("kind").annotate(total=models.Count("pk")))

    def search(self, text):
        """Entries whose Chinese name contains text, or whose pinyin, initials or English name do."""
        text = (text or "").strip()
        if not text:
            return self
        folded = naming.fold_for_search(text)
        condition = Q(name_zh__contains=text) | Q(name_en__icontains=text)
        if folded:
            condition |= Q(pinyin__contains=folded) | Q(initials__contains=folded)
        return self.filter(condition)


class Landmark(Publishable):
    """One entry of one registry. The same place in two registries is two entries (same_place)."""

    Kind = Kind

    kind = models.CharField(_("registry"), max_length=20, choices=Kind.choices)
    registry_position = models.PositiveSmallIntegerField(editable=False, default=0)
    sequence = models.PositiveIntegerField(_("number in registry"), help_text=_("序号 in the report's table."))
    name_zh = models.CharField(
        _("name (Chinese)"), max_length=100, help_text=_("Exactly as the report prints it, spacing included.")
    )
    name_en = models.CharField(
        _("name (English)"), max_length=200, blank=True, help_text=_("Left empty, it is made from the Chinese name.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        blank=True,
        help_text=_("Lowercase ASCII, unique within the registry. Left empty, it is made from the English name."),
    )
    pinyin = models.CharField(_("pinyin"), max_length=400, blank=True, editable=False)
    initials = models.CharField(_("pinyin initials"), max_length=100, blank=True, editable=False)
    districts = models.ManyToManyField(
        District, through="LandmarkDistrict", related_name="landmarks", verbose_name=_("districts")
    )
    districts_as_printed = models.CharField(
        _("districts as printed"), max_length=100, blank=True, help_text=_("The report's 所在区 cell, verbatim.")
    )
    is_city_level = models.BooleanField(_("city-level"), default=False, help_text=_("The report prints （市级）."))
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="landmarks",
    )
    designated_on = models.DateField(_("designated"), null=True, blank=True)
    designated_precision = models.CharField(
        _("designated to the"), max_length=5, choices=Precision.choices, blank=True
    )
    is_demonstration = models.BooleanField(
        _("demonstration"), default=False, help_text=_("Marked * in the report (示范社区).")
    )
    # The report dates no demonstration mark and no withdrawal from a registry: these stay empty
    # for its entries until an editor has a source for them (never a guessed date).
    demonstration_on = models.DateField(
        _("demonstration since"), null=True, blank=True, help_text=_("When the entry was marked as demonstration.")
    )
    demonstration_precision = models.CharField(
        _("demonstration since, to the"), max_length=5, choices=Precision.choices, blank=True
    )
    withdrawn_on = models.DateField(
        _("withdrawn from the registry"),
        null=True,
        blank=True,
        help_text=_("When the registry itself dropped the entry (撤销): a real-world event, not the page's state."),
    )
    withdrawn_precision = models.CharField(
        _("withdrawn from the registry, to the"), max_length=5, choices=Precision.choices, blank=True
    )
    # The last day of each event's period (dates.period_end), kept by save() so that "as of" and
    # the changes list filter and sort on an indexed column.
    designated_from = models.DateField(null=True, blank=True, editable=False)
    demonstration_from = models.DateField(null=True, blank=True, editable=False)
    withdrawn_from = models.DateField(null=True, blank=True, editable=False)
    same_place = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("the same place in other registries"),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("story"), blank=True, help_text=_("What the report tells about this place."))
    story_sources = models.JSONField(
        _("story sources"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Where the story is printed: line ranges of data/report/report.txt, and the box (专栏)."),
    )
    source_table = models.CharField(_("source table"), max_length=20, blank=True)
    source_row = models.PositiveIntegerField(_("source row"), null=True, blank=True)
    source_line = models.PositiveIntegerField(
        _("source line"), null=True, blank=True, help_text=_("Line of data/report/report.txt.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)

    objects = LandmarkQuerySet.as_manager()
    # Kept with each saved version, shown in its history and put back by a revert (publishing.models).
    versioned_relations = ("district_links",)

    class Meta:
        ordering = list(REGISTRY_ORDER)
        verbose_name = _("landmark")
        verbose_name_plural = _("landmarks")
        # Editors change entries; publishers decide what the public sees.
        permissions = [("publish_landmark", _("Can publish and withdraw entries"))]
        # Keys are unique among records: a version beside its record repeats the record's keys.
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "sequence"],
                condition=Q(draft_of__isnull=True),
                name="sequence_per_kind",
                violation_error_message=_("This registry already has an entry with this number."),
            ),
            models.UniqueConstraint(
                fields=["kind", "name_zh"],
                condition=Q(draft_of__isnull=True),
                name="name_per_kind",
                violation_error_message=_("This registry already has an entry with this Chinese name."),
            ),
            models.UniqueConstraint(
                fields=["kind", "slug"],
                condition=Q(draft_of__isnull=True),
                name="slug_per_kind",
                violation_error_message=_("This registry already has an entry with this slug."),
            ),
            models.UniqueConstraint(
                fields=["source_table", "source_row"],
                condition=~Q(source_table="") & Q(draft_of__isnull=True),
                name="one_entry_per_source_row",
                violation_error_message=_("Another entry already cites this table row."),
            ),
            models.CheckConstraint(
                condition=dates.matches_precision("designated_on", "designated_precision"),
                name="designated_date_matches_precision",
                violation_error_message=_("A designation date needs its precision, and a month is stored as its 1st."),
            ),
            models.CheckConstraint(
                condition=dates.matches_precision("demonstration_on", "demonstration_precision"),
                name="demonstration_date_matches_precision",
                violation_error_message=_(
                    "A demonstration date needs its precision, and a month is stored as its 1st."
                ),
            ),
            models.CheckConstraint(
                condition=dates.matches_precision("withdrawn_on", "withdrawn_precision"),
                name="withdrawn_date_matches_precision",
                violation_error_message=_("A withdrawal date needs its precision, and a month is stored as its 1st."),
            ),
            models.CheckConstraint(
                condition=Q(demonstration_on__isnull=True) | Q(is_demonstration=True),
                name="demonstration_date_needs_mark",
                violation_error_message=_("Only an entry marked as demonstration has a demonstration date."),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "kind"], name="landmark_state_kind"),
            # The directory's default order, for the published rows it lists.
            models.Index(fields=["state", "registry_position", "sequence"], name="landmark_state_registry_order"),
            # "Others in the same batch" on an entry page, in registry order.
            models.Index(fields=["batch", "registry_position", "sequence"], name="landmark_batch_order"),
            models.Index(fields=["updated_at"], name="landmark_updated_at"),
            # "As of" answers and the changes list: the designations counted by a day.
            models.Index(fields=["state", "designated_from"], name="landmark_state_designated_from"),
            # The sync feed's order and updated_since: when each row last became public.
            models.Index(public_since(), models.F("id"), name="landmark_public_since"),
            # The data state's passed scheduled moments (publishing.caching.passed_moments), read
            # on every API request: without these, two scans of the whole table each time.
            models.Index(fields=["publish_at"], condition=Q(state="published"), name="landmark_published_publish_at"),
            models.Index(fields=["expire_at"], condition=Q(state="published"), name="landmark_published_expire_at"),
        ]

    def __str__(self):
        return self.name_zh

    def save(self, *args, **kwargs):
        self.fill_names()
        self.registry_position = registry_position(self.kind)
        # The search keys follow the Chinese name; editors never type them.
        self.pinyin, self.initials = naming.search_keys(self.name_zh)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name_zh" in update_fields:
            update_fields = {*update_fields, "pinyin", "initials"}
        if update_fields is not None and "kind" in update_fields:
            update_fields = {*update_fields, "registry_position"}
        for event in DATED_EVENTS:
            # to_python: a date may still be the text it was given as ("2014-05-01") until saved.
            on = self._meta.get_field(f"{event}_on").to_python(getattr(self, f"{event}_on"))
            setattr(self, f"{event}_from", dates.period_end(on, getattr(self, f"{event}_precision")))
            if update_fields is not None and {f"{event}_on", f"{event}_precision"} & set(update_fields):
                update_fields = {*update_fields, f"{event}_from"}
        if update_fields is not None:
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("landmarks:detail", kwargs={"kind": self.kind, "slug": self.slug})

    def clean(self):
        self.fill_names()
        if self.batch_id is not None and self.designated_on is None:
            self.designated_on, self.designated_precision = self.batch.announced_on, self.batch.announced_precision
        errors = {}
        if self.batch_id is not None:
            errors.update(self._batch_errors())
        for event in DATED_EVENTS:
            if f"{event}_on" not in errors and bool(getattr(self, f"{event}_on")) != bool(getattr(self, f"{event}_precision")):
                errors[f"{event}_on"] = _("Give the date together with its precision (day, month or year).")
        if errors:
            raise ValidationError(errors)

    def fill_names(self):
        """An entry typed in with only its Chinese name gets an English name and slug by rule."""
        if not self.name_en and self.name_zh:
            self.name_en = naming.english_name(self.name_zh)
        if not self.slug and self.name_en:
            base = naming.slug_for(self.name_en) or self.kind
            taken = set(
                Landmark.objects.records()
                .filter(kind=self.kind, slug__startswith=base)
                .exclude(pk=self.draft_of_id or self.pk)
                .values_list("slug", flat=True)
            )
            self.slug = base
            suffix = 2
            while self.slug in taken:
                self.slug, suffix = f"{base}-{suffix}", suffix + 1

    def _batch_errors(self):
        batch = self.batch
        if batch.kind != self.kind:
            return {
                "batch": _(
                    "This batch belongs to the %(other)s registry; choose a batch of the %(this)s registry."
                )
                % {"other": batch.get_kind_display(), "this": Kind(self.kind).label}
            }
        if self.designated_on is None:
            return {}
        same_period = self.designated_on.year == batch.announced_on.year and (
            batch.announced_precision == Precision.YEAR or self.designated_on.month == batch.announced_on.month
        )
        if same_period and self.designated_precision == Precision.DAY and batch.announced_precision != Precision.DAY:
            return {
                "designated_on": _(
                    "The report dates this batch only to the %(precision)s (%(announced)s): a day cannot be given."
                )
                % {"precision": batch.get_announced_precision_display(), "announced": batch.announced.isoformat()}
            }
        if self.designated != batch.announced:
            return {
                "designated_on": _("Entries of a batch take its date: %(announced)s.")
                % {"announced": batch.announced.isoformat()}
            }
        return {}

    @property
    def name(self):
        return localized(self.name_zh, self.name_en)

    def address(self):
        return f"{self.kind}/{self.slug}"

    def related_rows(self):
        return {"district_links": list(self.district_links.select_related("district"))}

    @classmethod
    def related_content_of(cls, related):
        links = sorted(related.get("district_links", []), key=lambda link: link.district.code)
        return {str(_("districts")): "、".join(link.district.name_zh for link in links) or "—"}

    def set_related_rows(self, related, *, content_only=False):
        """This entry's district links become related's (with the names as printed)."""
        wanted = {link.district_id: link for link in related.get("district_links", [])}
        current = {link.district_id: link for link in self.district_links.all()}
        self.district_links.exclude(district_id__in=wanted).delete()
        added = []
        for district_id, link in wanted.items():
            mine = current.get(district_id)
            if mine is None:
                added.append(LandmarkDistrict(
                    landmark=self, district_id=district_id, as_printed=link.as_printed, source=link.source
                ))
            elif (mine.as_printed, mine.source) != (link.as_printed, link.source):
                mine.as_printed, mine.source = link.as_printed, link.source
                mine.save(update_fields=["as_printed", "source"])
        LandmarkDistrict.objects.bulk_create(added)

    def related_content(self):
        return {
            **super().related_content(),
            str(_("the same place in other registries")): "、".join(
                sorted(other.address() for other in self.same_place.all() if other.pk != self.draft_of_id)
            ) or "—",
        }

    def copy_relations(self, target):
        """Give target this entry's districts (with the names as printed) and same-place links."""
        super().copy_relations(target)
        record = target.record
        # Links join records: a version's symmetrical links back to it are not content.
        others = [other for other in self.same_place.all() if other.draft_of_id is None]
        target.same_place.set([other for other in others if other.pk not in (target.pk, record.pk)])

    @property
    def designated(self):
        if self.designated_on is None:
            return None
        return dates.PartialDate(self.designated_on, self.designated_precision)

    @property
    def shows_as_demonstration(self):
        """is_demonstration, or in an "as of" answer (LandmarkQuerySet.as_of) whether it was by then."""
        return getattr(self, "demonstration_as_of", self.is_demonstration)

    def designated_display(self):
        if self.designated_on is None:
            return ""
        return dates.display(self.designated_on, self.designated_precision)

    def designated_iso(self):
        return self.designated.isoformat() if self.designated else ""

    @property
    def source_url(self):
        """The reader's address of the entry's row in 附录 2 (None without a line)."""
        return line_url(self.source_line)

    @property
    def story_citations(self):
        """The story's sources, each with the reader's address of its lines."""
        return [{**source, "url": line_url(source.get("first_line"), source.get("last_line"))} for source in self.story_sources]

    @property
    def citation(self):
        if not self.source_table:
            return ""
        return _("%(report)s, 附录 2, %(table)s, row %(row)s") % {
            "report": REPORT_TITLE,
            "table": self.source_table,
            "row": self.source_row,
        }


# The one source of this edition's content; its text is kept in data/report/report.txt.
REPORT_TITLE = "《2017 上海产业和信息化发展报告——智慧城市》"


class LandmarkDistrict(models.Model):
    """A landmark's link to one of today's districts, with the name the report printed."""

    landmark = models.ForeignKey(Landmark, on_delete=models.CASCADE, related_name="district_links")
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="landmark_links",
    )
    as_printed = models.CharField(
        _("as printed"), max_length=20, blank=True, help_text=_("e.g. 闸北区, which is today's 静安区.")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("district of a landmark")
        verbose_name_plural = _("districts of landmarks")
        constraints = [
            models.UniqueConstraint(
                fields=["landmark", "district"],
                name="district_once_per_landmark",
                violation_error_message=_("This district is already linked to this entry."),
            )
        ]

    def __str__(self):
        return f"{self.landmark} – {self.district}"

    def clean(self):
        if self.district_id and not self.district.is_current:
            raise ValidationError(
                {
                    "district": _("%(former)s is a former district: link %(current)s and keep %(former)s as printed.")
                    % {"former": self.district.name_zh, "current": self.district.merged_into.name_zh}
                }
            )


class DataNote(models.Model):
    """Where the report disagrees with itself: the reading we loaded, the other one, and where each is."""

    class Topic(models.TextChoices):
        COUNT = "count", _("count")
        NAME = "name", _("name")
        BATCH_DATE = "batch_date", _("batch date")
        DEMONSTRATION = "demonstration", _("demonstration status")
        UNLISTED = "unlisted", _("pilot not in the registry")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    kind = models.CharField(_("registry"), max_length=20, choices=Kind.choices)
    landmark = models.ForeignKey(
        Landmark,
        verbose_name=_("entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_notes",
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("batch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="data_notes"
    )
    loaded_reading = models.TextField(_("reading loaded"))
    loaded_source = models.CharField(_("where it is printed"), max_length=100)
    loaded_line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    other_reading = models.TextField(_("other reading"))
    other_source = models.CharField(_("where the other is printed"), max_length=100)
    other_line = models.PositiveIntegerField(_("line of the other"), null=True, blank=True)
    comment_zh = models.TextField(_("comment (Chinese)"), blank=True)
    comment_en = models.TextField(_("comment (English)"), blank=True)
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = [registry_order(), "key"]
        verbose_name = _("data note")
        verbose_name_plural = _("data notes")

    def __str__(self):
        return _("%(topic)s: %(loaded)s / %(other)s") % {
            "topic": self.get_topic_display(),
            "loaded": self.loaded_source,
            "other": self.other_source,
        }

    @property
    def comment(self):
        return localized(self.comment_zh, self.comment_en)

    @property
    def loaded_url(self):
        return line_url(self.loaded_line)

    @property
    def other_url(self):
        return line_url(self.other_line)


class LandmarkTombstone(Tombstone):
    """A public entry that was deleted: what a partner's copy needs to drop it (id, kind, slug).

    Withdrawn entries need no tombstone: they keep their row. Only entries the public has seen
    leave one, so a deleted draft (or version) stays unknown.
    """

    landmark_id = models.BigIntegerField(_("entry id"), unique=True)
    kind = models.CharField(_("registry"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=120)
    record_field = "landmark_id"

    class Meta:
        ordering = ["removed_at", "landmark_id"]
        verbose_name = _("deleted entry")
        verbose_name_plural = _("deleted entries")

    def __str__(self):
        return f"{self.kind}/{self.slug}"


@receiver(post_delete, sender=Landmark, dispatch_uid="landmark_tombstone")
def leave_tombstone(sender, instance, **kwargs):
    # A signal, not Landmark.delete(): the admin's bulk delete and cascades go through
    # QuerySet.delete(), which never calls Landmark.delete(), and post_delete is the one hook
    # Django runs for every deleted row, inside the deletion's transaction.
    if instance.was_public:
        LandmarkTombstone.leave(instance.pk, kind=instance.kind, slug=instance.slug)


def registry_events(*, start=None, end=None):
    """The registries' dated events of published entries, oldest first, as dicts.

    Designations, demonstration marks and withdrawals from a registry: real-world events, not
    edits of the portal. Each is listed on the day it counts from (dates.period_end), as in an
    "as of" answer, so the events from start to end (inclusive, either may be None) are every
    change between the answer as of the day before start and the answer as of end.
    """
    published = Landmark.objects.published().order_by()
    events = []
    for position, event in enumerate(DATED_EVENTS):
        counts_from = f"{event}_from"
        rows = published.exclude(**{counts_from: None})
        if start is not None:
            rows = rows.filter(**{f"{counts_from}__gte": start})
        if end is not None:
            rows = rows.filter(**{f"{counts_from}__lte": end})
        events.append(
            rows.values(
                "id",
                "kind",
                "slug",
                "name_zh",
                "name_en",
                "registry_position",
                "sequence",
                event=models.Value(event),
                event_order=models.Value(position),
                dated_on=F(f"{event}_on"),
                precision=F(f"{event}_precision"),
                counts_from=F(counts_from),
            )
        )
    first, *others = events
    return first.union(*others, all=True).order_by("counts_from", "event_order", *REGISTRY_ORDER[:2], "id")


def removed_landmarks(*, since=None):
    """Entries a partner's copy should drop, oldest first (publishing.removal says which).

    Each is a dict of id, kind, slug, state ("withdrawn" or "deleted") and removed_at.
    since: only those removed at or after it.
    """
    fields = {"id": "pk", "kind": "kind", "slug": "slug"}
    return removal.removed_rows(
        [
            (removal.left_public(Landmark.objects.all()), removal.WITHDRAWN, fields),
            (LandmarkTombstone.objects.all(), removal.DELETED, {**fields, "id": "landmark_id"}),
        ],
        since=since,
    )


class PendingLandmarkImport(PendingUpload):
    """A registries spreadsheet between its preview and its import (landmarks.spreadsheets)."""

    class Meta(PendingUpload.Meta):
        verbose_name = _("pending registries import")
        verbose_name_plural = _("pending registries imports")
