from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    list_select_related = ["created_by"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        issued, raw_key = ApiKey.issue(name=obj.name, created_by=request.user)
        obj.pk, obj.prefix, obj.hashed_key = issued.pk, issued.prefix, issued.hashed_key
        # Only the hash is stored: this message is the one time anyone sees the key.
        self.message_user(
            request,
            _("The new key is %(key)s — copy it now: it is stored only as a hash and cannot be shown again.")
            % {"key": raw_key},
            messages.WARNING,
        )

    def has_delete_permission(self, request, obj=None):
        # Revoke instead: a revoked key keeps its name and dates, so staff can see who had access.
        return False

    @admin.action(description=_("Revoke selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        revoked = queryset.revoke()
        message = ngettext("%(count)d key revoked.", "%(count)d keys revoked.", revoked)
        self.message_user(request, message % {"count": revoked}, messages.SUCCESS)
