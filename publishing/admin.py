"""What every publishable record's admin shares: publishing and withdrawing are the publisher's."""

from django.contrib import messages


class PublishActionsMixin:
    """For a ModelAdmin of a Publishable model: state actions that only publishers may run.

    Subclasses name the permission (publish_permission, "app.codename"), declare their actions
    with permissions=["publish"], and word the message (state_changed_message).
    """

    publish_permission = None

    def has_publish_permission(self, request):
        return request.user.has_perm(self.publish_permission)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            # An editor's new record stays a draft until a publisher publishes it.
            fields = [*fields, "state"]
        return fields

    def set_state(self, request, queryset, state):
        # One UPDATE that stamps updated_at (and published_at), so ETags and caches see the change.
        changed = queryset.set_state(state)
        message = self.state_changed_message(changed) % {"count": changed, "state": state.label}
        self.message_user(request, message, messages.SUCCESS)

    def state_changed_message(self, count):
        raise NotImplementedError
