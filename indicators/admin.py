"""The figures in the admin: editors correct values and import spreadsheets; publishers publish.

The import is a two-step page on the observations list: upload (checked, nothing written) shows
every row error or every change the file would make; "Import" then writes all rows or none
(publishing.admin.SpreadsheetImportMixin, shared with the registries' import).
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from indicators import importing
from indicators.forms import ObservationForm
from indicators.models import (
    ActionPlan,
    Domain,
    Indicator,
    Observation,
    PendingImport,
    Target,
    TargetMeasure,
    Workstream,
)
from publishing import workflow
from publishing.admin import VersionedAdminMixin
from publishing.import_admin import SpreadsheetImportMixin


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "slug", "parent", "chapter", "indicator_count"]
    list_filter = ["chapter"]
    search_fields = ["name_zh", "name_en", "slug"]
    list_select_related = ["parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(indicator_total=Count("indicators"))

    @admin.display(description=_("indicators"), ordering="indicator_total")
    def indicator_count(self, domain):
        return domain.indicator_total


class ComponentInline(admin.TabularInline):
    model = Indicator
    fk_name = "parent"
    fields = ["code", "name_zh", "name_en"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("component")
    verbose_name_plural = _("components")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(VersionedAdminMixin, admin.ModelAdmin):
    preview_view = "indicators:preview"
    list_display = ["code", "name_zh", "name_en", "unit", "domain", "higher_is_better", "state", "observation_count"]
    list_filter = ["state", ("domain", admin.RelatedOnlyFieldListFilter), "higher_is_better"]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["code", "name_zh", "name_en"]
    list_select_related = ["domain"]
    list_per_page = 100
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["code", "name_zh", "name_en", "domain", "state"]}),
        (_("Measure"), {"fields": ["unit", "unit_en", "unit_aliases", "higher_is_better", "parent"]}),
        (_("Definition"), {"fields": ["definition_zh", "definition_en"]}),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [ComponentInline]
    actions = ["submit_selected", "approve_selected", "withdraw_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(observation_total=Count("observations"))

    @admin.display(description=_("observations"), ordering="observation_total")
    def observation_count(self, indicator):
        url = reverse("admin:indicators_observation_changelist") + f"?indicator__id__exact={indicator.pk}"
        return admin.utils.format_html('<a href="{}">{}</a>', url, indicator.observation_total)


    def has_delete_permission(self, request, obj=None):
        # A figure of the report is unpublished, not deleted: a re-run of the loader brings it back.
        if obj is not None and obj.loaded_values:
            return False
        return super().has_delete_permission(request, obj)



@admin.register(Observation)
class ObservationAdmin(SpreadsheetImportMixin, admin.ModelAdmin):
    """An indicator's figures change with it: those of a live indicator through its draft version."""

    form = ObservationForm
    pending_model = PendingImport
    import_template = "admin/indicators/observation/import.html"
    import_title = _("Import observations")
    list_display = ["indicator", "year", "geography", "reading", "value_shown", "kind", "chapter", "line"]
    list_filter = [
        ("indicator__domain", admin.RelatedOnlyFieldListFilter),
        "year",
        "kind",
        "reading",
        ("district", admin.RelatedOnlyFieldListFilter),
    ]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["indicator__code", "indicator__name_zh", "indicator__name_en", "quote", "note_zh", "note_en"]
    search_help_text = _("An indicator's code or name, or words of the quote or note.")
    list_select_related = ["indicator", "district"]
    list_per_page = 100
    autocomplete_fields = ["indicator"]
    readonly_fields = ["chapter", "section", "page_first", "page_last", "line", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["indicator", "year", "district", "reading"]}),
        (_("Value"), {"fields": ["value", "qualifier", "kind", "derivation", "base_year"]}),
        (
            _("Source"),
            {
                "fields": ["quote", "printed", "printed_unit", "chapter", "section", "page_first", "page_last", "line"],
                "description": _(
                    "The phrase of the report the value is read from, verbatim: the chapter, pages and line "
                    "are found from it, and it must print the number."
                ),
            },
        ),
        (_("Notes"), {"fields": ["note_zh", "note_en"]}),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not workflow.can_edit(request.user, obj.indicator):
            return False  # a live indicator's figure: shown read-only, changed in its draft version
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not workflow.can_edit(request.user, obj.indicator):
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        user = request.user

        class EditableIndicatorForm(form):
            def clean_indicator(self):
                indicator = self.cleaned_data.get("indicator")
                if indicator is not None and not workflow.can_edit(user, indicator):
                    raise ValidationError(
                        _("This indicator is live or waiting for review: add and change its figures in its draft version.")
                    )
                return indicator

        return EditableIndicatorForm

    def log_addition(self, request, obj, message):
        # A figure is part of its indicator's content: its editor is an author of that version.
        workflow.note_edit(obj.indicator, user=request.user, fields=["observations"], comment=str(obj))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        workflow.note_edit(obj.indicator, user=request.user, fields=["observations"], comment=str(obj))
        return super().log_change(request, obj, message)

    def log_deletion(self, request, obj, object_repr):
        workflow.note_edit(obj.indicator, user=request.user, fields=["observations"], comment=object_repr)
        return super().log_deletion(request, obj, object_repr)

    @admin.display(description=_("geography"), ordering="district__code")
    def geography(self, observation):
        return observation.geography_name

    @admin.display(description=_("value"), ordering="value")
    def value_shown(self, observation):
        return " ".join(part for part in (observation.qualifier, observation.value_text, observation.indicator.unit) if part)

    def import_context(self):
        return {"columns": importing.COLUMNS, "required_columns": importing.REQUIRED_COLUMNS}

    def check_spreadsheet(self, name, content):
        return importing.import_file(name, content, dry_run=True)

    def import_spreadsheet(self, name, content, *, user):
        return importing.import_file(name, content, dry_run=False, actor=user)


class TargetMeasureInline(admin.TabularInline):
    model = TargetMeasure
    fields = ["position", "indicator", "comparator", "value", "printed", "printed_unit"]
    autocomplete_fields = ["indicator"]
    extra = 0


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["number", "text_zh", "area_zh", "deadline_year", "report_achieved", "report_remark"]
    list_display_links = ["number", "text_zh"]
    list_filter = ["plan", "report_achieved"]
    search_fields = ["text_zh", "text_en", "report_remark"]
    list_select_related = ["plan"]
    readonly_fields = ["line"]
    inlines = [TargetMeasureInline]


class WorkstreamInline(admin.TabularInline):
    model = Workstream
    fields = [
        "position",
        "name_zh",
        "name_en",
        "projects",
        "projects_completed_percent",
        "projects_open_percent",
        "tasks",
        "tasks_completed_percent",
        "tasks_open_percent",
    ]
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "slug", "start_year", "end_year", "state"]
    list_filter = ["state"]
    inlines = [WorkstreamInline]

    def get_readonly_fields(self, request, obj=None):
        if not request.user.has_perm("indicators.publish_indicator"):
            return ["state"]
        return []
