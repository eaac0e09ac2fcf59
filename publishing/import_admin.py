"""The admin's spreadsheet import, shared by the figures' and the registries' imports: upload,
check, confirm; every row checked before anything is written."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from publishing.spreadsheets import ImportRejected

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV (UTF-8) or XLSX, at most 5 MB; first row: the column names."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class SpreadsheetImportMixin:
    """For a ModelAdmin with a spreadsheet import: upload → preview (nothing written) → confirm →
    all rows written, or none. Only staff who may both add and change the model may import; the
    server checks it (403), the link's absence is only a courtesy.

    The checked file waits in the database (pending_model, a publishing.models.PendingUpload)
    and the confirmation posts only its token: re-posting the file would meet Django's 2.5 MB
    limit on a form's body, and a process-local file would be missing when the confirmation
    reaches another process. Only its uploader may confirm it, it is validated again before
    anything is written, and it is removed once used.

    Subclasses set pending_model, import_template (extending publishing/admin_import.html) and
    import_title, and define check_spreadsheet(name, content) (the dry run) and
    import_spreadsheet(name, content, *, user); both return a publishing.spreadsheets.ImportPlan
    or raise ImportRejected. import_context() adds what the page says about the columns.
    """

    change_list_template = "publishing/admin_change_list.html"  # with the link to the import
    pending_model = None
    import_template = None
    import_title = None

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("import/", view, name=name), *super().get_urls()]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def import_context(self):
        return {}

    def changelist_view(self, request, extra_context=None):
        # The list's link to the import page shows to those who may use it.
        extra_context = {"has_import_permission": self.has_import_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            **self.import_context(),
            "opts": self.opts,
            "title": self.import_title,
        }
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_import(request, context)
        form = SpreadsheetUploadForm(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            status = 400 if request.method == "POST" else 200
            return self._import_page(request, {**context, "form": form}, status=status)
        upload = form.cleaned_data["file"]
        name, content = upload.name, upload.read()
        try:
            plan = self.check_spreadsheet(name, content)
        except ImportRejected as rejected:
            return self._import_page(request, {**context, "errors": rejected.errors, "filename": name}, status=400)
        pending = self.pending_model.objects.store(name=name, content=content, user=request.user)
        confirm = ConfirmImportForm(initial={"token": pending.token})
        return self._import_page(request, {**context, "plan": plan, "confirm_form": confirm, "filename": name})

    def _confirm_import(self, request, context):
        form = ConfirmImportForm(request.POST)
        token = form.cleaned_data["token"] if form.is_valid() else None
        with transaction.atomic():
            # Locked, so two clicks on "Import" import once; the second finds nothing waiting.
            waiting = self.pending_model.objects.awaiting(user=request.user).select_for_update()
            pending = waiting.filter(token=token).first() if token else None
            if pending is None:
                gone = _("This file is no longer waiting to be imported: check it again.")
                return self._import_page(request, {**context, "not_pending": gone}, status=400)
            try:
                plan = self.import_spreadsheet(pending.name, bytes(pending.content), user=request.user)
            except ImportRejected as rejected:
                # The data changed since the preview; the editor uploads a corrected file.
                pending.delete()
                return self._import_page(
                    request, {**context, "errors": rejected.errors, "filename": pending.name}, status=400
                )
            pending.delete()
        self.message_user(
            request,
            _("Imported %(name)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {"name": pending.name, "created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged},
            messages.SUCCESS,
        )
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def _import_page(self, request, context, status=200):
        context.setdefault("form", SpreadsheetUploadForm())
        return TemplateResponse(request, self.import_template, context, status=status)
