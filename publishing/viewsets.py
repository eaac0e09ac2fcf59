"""Viewsets every resource may use.

Apart from publishing/api.py on purpose: settings name classes of api.py (the CSV renderer, the
paging), which DRF imports while rest_framework.views is being imported, so api.py must not
import rest_framework.views (nor viewsets) itself.
"""

from rest_framework import viewsets

from publishing.api import ApiViewMixin


class ReferenceViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Small reference tables: unpaged, looked up by slug.

    Their ETag is the response's content's (ConditionalGetMiddleware): cheap at their size.
    """

    lookup_field = "slug"
    pagination_class = None
    filter_backends = []
