"""What every versioned record's admin shares: versions, review, schedule, the log, the lock.

A live record opens read-only, with a button that makes (or opens) its draft version; drafts are
edited as any row; the workflow's buttons post to one URL per record, and every rule is checked
by publishing.workflow on the server, whatever the form showed. State is never a form field.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publishing import history, workflow
from publishing.csvfile import csv_text
from publishing.models import AuditEntry, State
from publishing.versions import field_changes


class ScheduleForm(forms.Form):
    """A publisher's approval: now, or at a moment; until a moment if given."""

    publish_at = forms.DateTimeField(label=gettext_lazy("Publish at"), required=False)
    expire_at = forms.DateTimeField(label=gettext_lazy("Expire at"), required=False)
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LockedForm(forms.ModelForm):
    """A ModelForm that refuses to save over a version saved by someone else since it was opened."""

    seen_lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen_lock_version"].initial = self.instance.lock_version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_lock_version")
        if self.instance.pk is None or seen is None:
            return cleaned
        # Locked until the save commits (the admin's change view runs in one transaction).
        current = type(self.instance).objects.select_for_update().filter(pk=self.instance.pk).values_list(
            "lock_version", flat=True
        ).first()
        if current is not None and current != seen:
            raise ValidationError(
                _(
                    "Someone else saved this version after you opened it. Nothing was saved: your changes "
                    "are still in the form below. Open the record again in another tab to see theirs, "
                    "then save what should stay."
                ),
                code="stale",
            )
        return cleaned


class VersionedAdminMixin:
    """For a ModelAdmin of a Publishable model whose live records change through versions."""

    change_form_template = "admin/publishing/change_form.html"
    workflow_actions = ("edit", "submit", "approve", "send_back", "withdraw", "discard")

    # ---- permissions: editing is the workflow's call ---------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is not None and not workflow.can_edit(request.user, obj):
            return False  # shown read-only; a POST is refused by Django's own check
        return super().has_change_permission(request, obj)

    def has_publish_permission(self, request):
        return workflow.is_publisher(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "state", "version_status"]

    def get_form(self, request, obj=None, **kwargs):
        base = kwargs.pop("form", self.form)
        if not issubclass(base, LockedForm):
            base = type(f"Locked{base.__name__}", (LockedForm, base), {})
        return super().get_form(request, obj, form=base, **kwargs)

    @admin.display(description=gettext_lazy("version"))
    def version_status(self, obj):
        return workflow_status(obj)

    # ---- saving: every save is a revision and an audit entry -------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self.workflow_context(request, object_id)}
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def log_addition(self, request, obj, message):
        workflow.note_edit(obj, user=request.user, action=workflow.Action.CREATE, comment=_("created in the admin"))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        fields = sorted({name for part in message for name in part.get("changed", {}).get("fields", [])})
        workflow.note_edit(obj, user=request.user, fields=fields, details_message=message)
        return super().log_change(request, obj, message)

    # ---- the workflow's buttons ------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view(self.workflow_view)
        return [
            path("<path:object_id>/workflow/", view, name=f"{opts.app_label}_{opts.model_name}_workflow"),
            path("<path:object_id>/history/<int:version_id>/revert/", self.admin_site.admin_view(self.revert_view),
                 name=f"{opts.app_label}_{opts.model_name}_revert"),
            *super().get_urls(),
        ]

    def workflow_context(self, request, object_id):
        if object_id is None:
            return {}
        obj = self.get_object(request, object_id)
        if obj is None:
            return {}
        user, record = request.user, obj.record
        pending = record.versions.filter(state__in=[State.DRAFT, State.REVIEW]).first() if not obj.is_version else None
        scheduled = record.versions.filter(state=State.PUBLISHED).first() if not obj.is_version else None
        compared = obj.draft_of if obj.is_version else None
        return {
            "workflow": {
                "obj": obj,
                "status": workflow_status(obj),
                "url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_workflow", args=[obj.pk]),
                "is_live": obj.is_live,
                "pending": pending,
                "scheduled": scheduled,
                "can_start": obj.is_live and pending is None and user.has_perm(workflow.change_permission(self.model)),
                "can_submit": workflow.can_edit(user, obj) and not obj.is_live,
                "can_review": obj.state == State.REVIEW and self.has_publish_permission(request),
                "can_withdraw": obj.is_live and self.has_publish_permission(request),
                "can_discard": obj.is_version and obj.state in (State.DRAFT, State.REVIEW),
                "schedule_form": ScheduleForm(),
                "changes": field_changes(compared, obj) if compared is not None else None,
                "preview_url": self.preview_url(obj),
                "history_url": reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[record.pk]
                ),
                "log": workflow.log_of(record)[:20],
            }
        }

    preview_view = None  # the app's staff preview URL name, e.g. "landmarks:preview"

    # ---- history: every saved version, any two compared, any one put back -----------------

    def history_view(self, request, object_id, extra_context=None):
        """The record's saved versions (its own and its version rows'), newest first; ?a=&b=
        compares two of them; ?format=csv downloads the changes."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        record = obj.record
        if request.GET.get("format") == "csv":
            response = HttpResponse(csv_text(history.CSV_HEADER, history.csv_rows(record)),
                                    content_type="text/csv; charset=utf-8")
            name = f"{self.opts.model_name}-{record.pk}-history.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        compared = None
        if request.GET.get("a") and request.GET.get("b"):
            old, new = history.find(record, request.GET["a"]), history.find(record, request.GET["b"])
            if old is None or new is None:
                raise Http404(_("No such version of this record."))
            if (old.revision.date_created, old.pk) > (new.revision.date_created, new.pk):
                old, new = new, old
            compared = {"old": old, "new": new, "changes": history.compare(old, new)}
        opts = self.opts
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(record)s") % {"record": record},
            "subtitle": None,
            "opts": opts,
            "object": record,
            "entries": list(reversed(history.history(record))),
            "compared": compared,
            "can_revert": request.user.has_perm(workflow.change_permission(self.model)),
            "csv_url": f"{request.path}?format=csv",
            "revert_url_name": f"admin:{opts.app_label}_{opts.model_name}_revert",
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/publishing/history.html", context)

    def revert_view(self, request, object_id, version_id):
        """POST: put a saved version back on the record's draft version (publishing.workflow.revert_to)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm(workflow.change_permission(self.model)):
            raise PermissionDenied
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        record = obj.record
        version = history.find(record, version_id)
        if version is None:
            raise Http404(_("No such version of this record."))
        try:
            draft = workflow.revert_to(record, version, user=request.user)
        except workflow.Refused as refusal:
            return self.refused(request, record, str(refusal))
        messages.success(request, _("The saved version was put back on the draft version: it goes through review."))
        opts = self.opts
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", draft.pk)

    def preview_url(self, obj):
        """The staff-only address showing obj as the public page would (None: no page)."""
        return reverse(self.preview_view, args=[obj.pk]) if self.preview_view else None

    def workflow_view(self, request, object_id):
        """POST action=…: one step of the workflow on one row. Refusals are 403s saying why."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        obj = get_object_or_404(self.model, pk=object_id)
        action = request.POST.get("action", "")
        if action not in self.workflow_actions:
            return self.refused(request, obj, _("Unknown action."), status=400)
        try:
            with transaction.atomic():
                shown = self.run_action(request, obj, action)
        except workflow.Refused as refusal:
            return self.refused(request, obj, str(refusal))
        except ValidationError as error:
            return self.refused(request, obj, " ".join(error.messages), status=400)
        opts = self.model._meta
        target = shown if shown is not None and self.model.objects.filter(pk=shown.pk).exists() else obj.record
        if not self.model.objects.filter(pk=target.pk).exists():
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", target.pk)

    def run_action(self, request, obj, action):
        user = request.user
        if action == "edit":
            version = workflow.version_to_edit(obj, user=user)
            messages.info(request, _("This is the draft version: the public sees the live record until it is approved."))
            return version
        if action == "submit":
            workflow.submit(obj, user=user)
            messages.success(request, _("Submitted for review: the publishers have been told."))
            return obj
        if action == "send_back":
            workflow.send_back(obj, user=user, comment=request.POST.get("comment", ""))
            messages.success(request, _("Sent back to the editor with your comment."))
            return obj
        if action == "approve":
            schedule = ScheduleForm(request.POST)
            if not schedule.is_valid():
                raise ValidationError([message for errors in schedule.errors.values() for message in errors])
            shown = workflow.approve(obj, user=user, **schedule.cleaned_data)
            messages.success(request, approval_message(shown))
            return shown
        if action == "withdraw":
            workflow.withdraw(obj, user=user, comment=request.POST.get("comment", ""))
            messages.success(request, _("Withdrawn: the public no longer sees it."))
            return obj
        workflow.discard(obj, user=user)
        messages.success(request, _("The draft version was discarded."))
        return None

    def refused(self, request, obj, reason, *, status=403):
        context = {**self.admin_site.each_context(request), "opts": self.opts, "obj": obj, "reason": reason,
                   "title": _("Not done")}
        return TemplateResponse(request, "admin/publishing/refused.html", context, status=status)

    # ---- list actions: the same rules, row by row -------------------------------------------

    def apply_to_each(self, request, queryset, step, done_message):
        done, refused = 0, []
        for obj in queryset:
            try:
                with transaction.atomic():
                    step(obj)
                done += 1
            except workflow.Refused as refusal:
                refused.append(f"{obj}: {refusal}")
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(description=gettext_lazy("Approve and publish the selected versions"), permissions=["publish"])
    def approve_selected(self, request, queryset):
        self.apply_to_each(request, queryset, lambda obj: workflow.approve(obj, user=request.user),
                           _("%(count)d approved and published."))

    @admin.action(description=gettext_lazy("Withdraw the selected records"), permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self.apply_to_each(request, queryset, lambda obj: workflow.withdraw(obj, user=request.user),
                           _("%(count)d withdrawn."))

    @admin.action(description=gettext_lazy("Submit the selected drafts for review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self.apply_to_each(request, queryset, lambda obj: workflow.submit(obj, user=request.user),
                           _("%(count)d submitted for review."))


def workflow_status(obj):
    """A row's place in the workflow, in words an editor reads."""
    now = timezone.now()
    if obj.is_version:
        if obj.state == State.PUBLISHED and obj.publish_at and obj.publish_at > now:
            return _("scheduled to replace the live record at %(moment)s") % {"moment": _moment(obj.publish_at)}
        return _("%(state)s version of the live record") % {"state": obj.get_state_display()}
    if obj.state == State.PUBLISHED:
        if obj.publish_at and obj.publish_at > now:
            return _("scheduled: public from %(moment)s") % {"moment": _moment(obj.publish_at)}
        if obj.expire_at and obj.expire_at <= now:
            return _("expired at %(moment)s") % {"moment": _moment(obj.expire_at)}
        if obj.expire_at:
            return _("live until %(moment)s") % {"moment": _moment(obj.expire_at)}
        return _("live")
    return obj.get_state_display()


def approval_message(shown):
    if shown.publish_at and shown.publish_at > timezone.now():
        return _("Approved: public from %(moment)s.") % {"moment": _moment(shown.publish_at)}
    return _("Approved and published.")


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")



@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The site-wide audit log: read only, for everyone who may view it."""

    list_display = ("at", "actor", "action", "object_repr", "comment", "self_approved")
    list_filter = ("action", "content_type", "self_approved", "user")
    date_hierarchy = "at"
    search_fields = ("actor", "object_repr", "comment")
    list_select_related = ("content_type",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
