from django.contrib import admin
from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from landmarks import spreadsheets
from landmarks.forms import BatchForm, LandmarkForm
from landmarks.models import Batch, DataNote, District, Landmark, LandmarkDistrict, PendingLandmarkImport
from publishing.admin import VersionedAdminMixin
from publishing.downloads import filename
from publishing.import_admin import SpreadsheetImportMixin

SPREADSHEET_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class LandmarkDistrictInline(admin.TabularInline):
    model = LandmarkDistrict
    fields = ["district", "as_printed", "source"]
    readonly_fields = ["as_printed", "source"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "district":
            # Today's districts only; the name the report printed stays in as_printed.
            kwargs["queryset"] = District.objects.current()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DataNoteInline(admin.StackedInline):
    """The report's disagreements about this entry, for the editor to see while editing it."""

    model = DataNote
    fk_name = "landmark"
    fields = ["topic", "loaded_reading", "loaded_source", "other_reading", "other_source", "comment_zh", "comment_en"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Landmark)
class LandmarkAdmin(SpreadsheetImportMixin, VersionedAdminMixin, admin.ModelAdmin):
    preview_view = "landmarks:preview"
    form = LandmarkForm
    pending_model = PendingLandmarkImport
    import_template = "admin/landmarks/landmark/import.html"
    import_title = _("Import the registries from a spreadsheet")
    list_display = [
        "sequence",
        "name_zh",
        "name_en",
        "kind",
        "district_names",
        "batch_ordinal",
        "designated",
        "is_demonstration",
        "state",
        "note_count",
    ]
    list_display_links = ["sequence", "name_zh"]
    list_filter = [
        "kind",
        ("districts", admin.RelatedOnlyFieldListFilter),
        "batch",
        "is_demonstration",
        "state",
    ]
    show_facets = admin.ShowFacets.ALWAYS
    # Searched through Landmark.objects.search (get_search_results): Chinese substring, pinyin,
    # initials and English name. The list only makes the search box appear.
    search_fields = ["name_zh"]
    search_help_text = _("Any part of the Chinese name, its pinyin (lujiazui), initials (ljz), or the English name.")
    list_select_related = ["batch"]
    list_per_page = 50
    ordering = []  # the model's registry order
    readonly_fields = [
        "districts_as_printed",
        "pinyin",
        "initials",
        "source_table",
        "source_row",
        "source_line",
        "citation",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "sequence", "name_zh", "name_en", "slug", "state"]}),
        (
            _("Designation"),
            {
                "fields": [
                    "batch",
                    "designated_on",
                    "is_demonstration",
                    "demonstration_on",
                    "withdrawn_on",
                    "districts_as_printed",
                    "is_city_level",
                ]
            },
        ),
        (_("Story"), {"fields": ["summary", "body", "same_place"]}),
        (
            _("Source"),
            {"fields": ["citation", "source_table", "source_row", "source_line", "pinyin", "initials"]},
        ),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]
    filter_horizontal = ["same_place"]
    inlines = [LandmarkDistrictInline, DataNoteInline]
    actions = ["submit_selected", "approve_selected", "withdraw_selected", "export_xlsx", "export_csv"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("districts")
            .annotate(note_total=Count("data_notes", distinct=True))
        )

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def has_delete_permission(self, request, obj=None):
        # An entry of the report is withdrawn, not deleted: partners' copies need the tombstone,
        # and a re-run of the loader would bring a deleted entry back.
        if obj is not None and obj.source_table:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("districts"))
    def district_names(self, landmark):
        return " / ".join(district.name_zh for district in landmark.districts.all())

    @admin.display(description=_("batch"), ordering="batch__ordinal")
    def batch_ordinal(self, landmark):
        return landmark.batch.ordinal if landmark.batch else ""

    @admin.display(description=_("designated"), ordering="designated_on")
    def designated(self, landmark):
        return landmark.designated_iso()

    @admin.display(description=_("data notes"), ordering="note_total")
    def note_count(self, landmark):
        return landmark.note_total or ""

    @admin.action(description=_("Export selected as spreadsheet (XLSX)"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._spreadsheet_response(queryset, "xlsx")

    @admin.action(description=_("Export selected as spreadsheet (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._spreadsheet_response(queryset, "csv")

    def _spreadsheet_response(self, queryset, extension):
        # The changelist's queryset carries its annotations and order; the export has its own.
        landmarks = Landmark.objects.filter(pk__in=queryset.values("pk"))
        response = HttpResponse(spreadsheets.export_file(landmarks, extension=extension), content_type=SPREADSHEET_TYPES[extension])
        response["Content-Disposition"] = f'attachment; filename="{filename("landmarks", extension)}"'
        return response

    def import_context(self):
        return {
            "columns": spreadsheets.COLUMNS,
            "required_columns": spreadsheets.REQUIRED_COLUMNS,
            "read_only_columns": spreadsheets.READ_ONLY_COLUMNS,
        }

    def check_spreadsheet(self, name, content):
        return spreadsheets.import_file(name, content, dry_run=True)

    def import_spreadsheet(self, name, content, *, user):
        return spreadsheets.import_file(name, content, dry_run=False, actor=user)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "slug", "merged_into", "merged_in", "landmark_count"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name_zh", "name_en", "slug"]
    list_select_related = ["merged_into"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(landmark_total=Count("landmarks", distinct=True))

    @admin.display(description=_("entries"), ordering="landmark_total")
    def landmark_count(self, district):
        return district.landmark_total


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    form = BatchForm
    list_display = ["kind", "ordinal", "announced", "as_printed", "landmark_count"]
    list_filter = ["kind"]
    readonly_fields = ["source_table", "source_line"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(landmark_total=Count("landmarks", distinct=True))

    @admin.display(description=_("announced"), ordering="announced_on")
    def announced(self, batch):
        return batch.announced.isoformat()

    @admin.display(description=_("entries"), ordering="landmark_total")
    def landmark_count(self, batch):
        return batch.landmark_total


@admin.register(DataNote)
class DataNoteAdmin(admin.ModelAdmin):
    list_display = ["key", "topic", "kind", "landmark", "loaded_reading", "loaded_source", "other_reading", "other_source"]
    list_filter = ["topic", "kind"]
    search_fields = ["key", "loaded_reading", "other_reading", "comment_zh", "comment_en"]
    list_select_related = ["landmark"]
    readonly_fields = ["key"]
