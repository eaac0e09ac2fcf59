"""Staff preview: a version not yet public, shown as the public page will show it.

At its own address, in both languages (under i18n_patterns), behind the admin's login (with its
two-factor rule) and the model's view permission; never cached and never indexed.
"""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers


def staff_preview(model, *, queryset=None):
    """Decorate view(request, obj, preview=True) into view(request, pk) for staff who may view model."""

    def decorator(render_page):
        @wraps(render_page)
        def view(request, pk):
            opts = model._meta
            if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
                raise PermissionDenied
            obj = get_object_or_404(queryset() if queryset else model.objects.all(), pk=pk)
            response = render_page(request, obj, preview=True)
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return admin.site.admin_view(view)

    return decorator
