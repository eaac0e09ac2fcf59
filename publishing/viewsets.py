"""Viewsets every resource may use: small reference tables, removed feeds (publishing.removal).

Apart from publishing/api.py on purpose: settings name classes of api.py (the CSV renderer, the
paging), which DRF imports while rest_framework.views is being imported, so api.py must not
import rest_framework.views (nor viewsets) itself.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, viewsets
from rest_framework.exceptions import ValidationError

from publishing.api import FORMAT, ApiViewMixin
from publishing.filters import InstantField
from publishing.removal import DELETED, WITHDRAWN


class ReferenceViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Small reference tables: unpaged, looked up by slug.

    Their ETag is the response's content's (ConditionalGetMiddleware): cheap at their size.
    """

    lookup_field = "slug"
    pagination_class = None
    filter_backends = []


class RemovedSerializer(serializers.Serializer):
    """state and removed_at, after the fields a subclass declares to identify the record."""

    state = serializers.ChoiceField(
        choices=[(WITHDRAWN, _("withdrawn")), (DELETED, _("deleted"))],
        help_text=_("withdrawn: no longer public (withdrawn, back in draft or expired); it may come back. deleted: gone."),
    )
    removed_at = serializers.DateTimeField(
        help_text=_("When it left the public: its withdrawal, its expiry (expire_at) or its deletion.")
    )

    def get_fields(self):
        fields = super().get_fields()
        for name in ("state", "removed_at"):
            fields[name] = fields.pop(name)
        return fields


class RemovedSinceForm(forms.Form):
    since = InstantField(required=False)


SINCE = OpenApiParameter(
    "since", OpenApiTypes.DATETIME, description=_("ISO 8601 date and time: only those removed at or after it.")
)


class RemovedView(ApiViewMixin, generics.ListAPIView):
    """A removed feed, paged as the lists; ?since= that does not read as an instant is a 400.

    Subclasses set serializer_class, csv_filename and removed (a function taking since=), and
    give get its summary and conditional GET (fresh_unless_changed).
    """

    filter_backends = []
    removed = None

    @extend_schema(parameters=[SINCE, FORMAT])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = RemovedSinceForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return type(self).removed(since=form.cleaned_data["since"])
