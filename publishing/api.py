"""The API's conventions, shared by every resource: paging, field selection, CSV, negotiation,
errors and conditional GET (reference viewsets: publishing/viewsets.py).

Resources keep their serializers and viewsets in their own app and take these from
REST_FRAMEWORK in settings, or mix in ApiViewMixin for what settings cannot say. Partner keys and
rates are the site's (portal/keys.py): they need the ApiKey table.
"""

import base64
import binascii
import datetime
import hashlib
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.fields import SkipField, is_simple_callable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from publishing import caching
from publishing.csvfile import csv_text
from publishing.filters import filter_key
from publishing.listing import CountedPaginator
from publishing.models import public_since

# --- Paging -----------------------------------------------------------------------------------

PAGE_SIZE_PARAM = "page_size"


def fresh_unless_changed(data_name, *, representation):
    """A condition() decorator answering 304 before any filter or page is queried.

    The app's data state (publishing.caching.data_state: stamps of its newest change, newest
    removal, passed scheduled moments, and counts) is read once per request. The ETag covers it, the representation (bump it
    when a response's shape changes), the URL, the Accept header and the language; the
    Last-Modified is the newest of its datetimes.
    """

    def state(request):
        return request_data_state(request, data_name)

    def etag(request, *args, **kwargs):
        stamps = [value.isoformat() if hasattr(value, "isoformat") else str(value) for value in state(request).values()]
        parts = [representation, *stamps, request.get_full_path(), request.META.get("HTTP_ACCEPT", ""), get_language() or ""]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    def last_modified(request, *args, **kwargs):
        stamps = [value for value in state(request).values() if isinstance(value, datetime.datetime)]
        return max(stamps, default=None)

    return condition(etag_func=etag, last_modified_func=last_modified)


def request_data_state(request, data_name):
    """The app's data state (publishing.caching.data_state), read once per request and kept on it:
    the ETag, the cached totals and the response cache all key on this one reading."""
    request = getattr(request, "_request", request)  # DRF's Request wraps Django's
    states = request.__dict__.setdefault("_data_states", {})
    if data_name not in states:
        states[data_name] = caching.data_state(data_name)
    return states[data_name]


def request_data_version(request, data_name):
    return "/".join(caching.stamp(value) for value in request_data_state(request, data_name).values())


def cache_per_data_version(data_name, *, representation):
    """Keep a view's 200 answers to anonymous GETs until the app's data changes (README "Speed").

    The key holds the data state (so a publication, withdrawal or scheduled moment shows at once),
    the representation, the URL, the Accept header and the language. What is kept is the answer
    as rendered (its bytes and headers), so a kept answer costs neither unpickling its rows nor
    rendering them again. The throttle and the ETag still run first (DRF's initial(), then
    fresh_unless_changed around this), and a request with a partner key is never answered from
    here.
    """

    def decorator(view_method):
        @wraps(view_method)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or request.META.get("HTTP_AUTHORIZATION"):
                return view_method(request, *args, **kwargs)
            parts = [
                representation,
                request_data_version(request, data_name),
                request.get_full_path(),
                request.META.get("HTTP_ACCEPT", ""),
                get_language() or "",
            ]
            key = "api-response:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
            kept = cache.get(key)
            if kept is not None:
                return kept_response(*kept)
            response = view_method(request, *args, **kwargs)
            if response.status_code == 200 and isinstance(response, Response):
                response.add_post_render_callback(partial(keep_rendered, key))
            return response

        return wrapper

    return decorator


def keep_rendered(key, response):
    cache.set(key, (response.content, list(response.headers.items())), caching.COUNTS_TIMEOUT)


def kept_response(content, headers):
    """A kept answer as it was rendered: DRF's finalize_response passes a plain HttpResponse on."""
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def cached_total(queryset, request, data_name, filterset=None):
    """COUNT(*) of a filtered list, once per data version and list (its path and chosen filters).

    Not keyed on the SQL: published() puts the present moment in it, so no two requests would
    share a key. Which rows are public at a moment is part of the data state (its passed
    scheduled moments), so the version and the filters say what the count is.
    """
    if filterset is not None:
        chosen = f"{request.path}|{filter_key(filterset, without=None)}"
    else:
        sql, params = queryset.query.sql_with_params()
        chosen = f"{sql}|{params!r}"
    return caching.cached_counts("api-total", chosen, queryset.count, version=request_data_version(request, data_name))


def read_page_size(request, *, default, maximum):
    """The page_size parameter: a whole number from 1, capped at maximum. Raises a 400 otherwise."""
    raw = request.query_params.get(PAGE_SIZE_PARAM, "").strip()
    if not raw:
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if size < 1:
        raise ValidationError(
            {PAGE_SIZE_PARAM: [gettext("Enter a whole number from 1 to %(maximum)s.") % {"maximum": maximum}]}
        )
    return min(size, maximum)


def page_size_parameter(*, default, maximum):
    return {
        "name": PAGE_SIZE_PARAM,
        "required": False,
        "in": "query",
        "description": str(
            _("Entries per page (default %(default)s; more than %(maximum)s gives %(maximum)s).")
            % {"default": default, "maximum": maximum}
        ),
        "schema": {"type": "integer", "minimum": 1},
    }


class RememberingFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that leaves its FilterSet on the view, for what the answer says about
    the filters (the total's key, as_of's left-out entries) without reading the query string twice."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


def asks_to_filter(request, filterset_class):
    """Whether the query string names any of the FilterSet's filters (ApiViewMixin.filter_queryset)."""
    return any(name in request.query_params for name in filterset_class.base_filters)


class PortalPageNumberPagination(PageNumberPagination):
    """?page=N&page_size=M with the total count; a bad or past-the-end page is a 404."""

    page_size = 50
    max_page_size = 500
    page_size_query_param = PAGE_SIZE_PARAM

    def get_page_size(self, request):
        return read_page_size(request, default=self.page_size, maximum=self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        # A view naming its data (data_name) has its total counted once per data version: at
        # 100,000 entries the COUNT is most of a page's database time.
        data_name = getattr(view, "data_name", None)
        if data_name:
            total = cached_total(queryset, request, data_name, getattr(view, "filterset", None))
            self.django_paginator_class = partial(CountedPaginator, count=total)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        page, _size = super().get_schema_operation_parameters(view)
        page["schema"]["minimum"] = 1
        return [page, page_size_parameter(default=self.page_size, maximum=self.max_page_size)]


class UpdatedCursorPagination(BasePagination):
    """Cursor paging by (public_since, pk) for sync clients: rows changed while paging are not skipped.

    public_since (publishing.models) is when a row last became what the public sees: its last
    change, or its publish_at if later, so a version approved early comes in the order of the
    moment it went live, and after a high-water mark taken before that moment.

    Unlike DRF's CursorPagination (position plus an offset capped at 1,000), the cursor is the
    last row's (public_since, pk), so any number of rows sharing one moment (a bulk withdrawal)
    page correctly. A cursor that does not decode is a 404, like a bad page number.
    """

    page_size = 100
    max_page_size = 1000
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = read_page_size(request, default=self.page_size, maximum=self.max_page_size)
        after = self.decode_cursor(request)
        queryset = queryset.alias(public_since_at=public_since())
        if after is not None:
            moment, pk = after
            queryset = queryset.filter(Q(public_since_at__gt=moment) | Q(public_since_at=moment, pk__gt=pk))
        rows = list(queryset.order_by("public_since_at", "pk")[: size + 1])
        self.next_row = rows[size - 1] if len(rows) > size else None
        return rows[:size]

    def decode_cursor(self, request):
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None
        try:
            text = base64.urlsafe_b64decode(raw.encode("ascii")).decode("ascii")
            stamp, pk = text.split("|")
            moment, pk = datetime.datetime.fromisoformat(stamp), int(pk)
        except (UnicodeError, binascii.Error, ValueError):
            raise NotFound(gettext("Invalid cursor.")) from None
        if moment.tzinfo is None or not 0 < pk < 2**63:
            raise NotFound(gettext("Invalid cursor."))
        return moment, pk

    def encode_cursor(self, row):
        text = f"{row.public_since.isoformat()}|{row.pk}"
        return base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii")

    def get_next_link(self):
        if self.next_row is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.encode_cursor(self.next_row))

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": str(_("The next page, or null on the last one.")),
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Opaque: copy it from the previous page's next link.")),
                "schema": {"type": "string"},
            },
            page_size_parameter(default=self.page_size, maximum=self.max_page_size),
        ]


# --- Field selection --------------------------------------------------------------------------

FIELDS_PARAM = "fields"


class DirectRepresentation:
    """A serializer's to_representation without DRF's per-field machinery, to the same output.

    DRF asks each field, for each row, for its attribute through a chain of wrappers, an abstract
    Mapping check and a generator of readable fields: on a page of 50 observations that was most
    of the serializer's time. Here each field's reader is made once per serializer. A field
    whose class reads its attribute its own way (relations, many-to-many) keeps its own
    get_attribute; whatever DRF would treat specially (a missing attribute or related object,
    a field to skip) sends the row down DRF's own path, so the answer is the same
    (tests/api/test_direct_representation.py).
    """

    def to_representation(self, instance):
        row = {}
        try:
            for name, read, represent in self._direct_readers():
                value = read(instance)
                row[name] = None if value is None else represent(value)
        except (AttributeError, KeyError, ObjectDoesNotExist, SkipField):
            return super().to_representation(instance)
        return row

    def _direct_readers(self):
        if "_readers_direct" not in self.__dict__:
            self.__dict__["_readers_direct"] = [
                (field.field_name, direct_reader(field), field.to_representation) for field in self._readable_fields
            ]
        return self.__dict__["_readers_direct"]


def direct_reader(field):
    if type(field).get_attribute is not serializers.Field.get_attribute:
        return field.get_attribute
    source_attrs = field.source_attrs

    def read(instance):
        for attr in source_attrs:  # as rest_framework.fields.get_attribute, for objects
            instance = getattr(instance, attr)
            if callable(instance) and is_simple_callable(instance):
                instance = instance()
        return instance

    return read


class SelectableFieldsSerializer(DirectRepresentation, serializers.ModelSerializer):
    """Takes fields=[names] and keeps only those (in the serializer's order)."""

    def __init__(self, *args, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.selected_fields = fields

    def get_fields(self):
        fields = super().get_fields()
        if self.selected_fields:
            return {name: field for name, field in fields.items() if name in self.selected_fields}
        return fields

    def field_names(self):
        """The names of the fields an answer carries, in order, without building the fields
        (DRF builds them by deep copies: 1–2 ms a request, more than a fast row reader's page)."""
        return [name for name in self.Meta.fields if not self.selected_fields or name in self.selected_fields]


def read_fields(request, available):
    """The names in ?fields=a,b (None when absent). An unknown or empty name list is a 400."""
    if FIELDS_PARAM not in request.query_params:
        return None
    names = [
        name.strip() for item in request.query_params.getlist(FIELDS_PARAM) for name in item.split(",") if name.strip()
    ]
    unknown = [name for name in names if name not in available]
    if unknown or not names:
        raise ValidationError(
            {
                FIELDS_PARAM: [
                    gettext("Unknown field: %(unknown)s. Choose from: %(available)s.")
                    % {"unknown": ", ".join(unknown) or '""', "available": ", ".join(available)}
                ]
            }
        )
    return names


def fields_parameter(available):
    return OpenApiParameter(
        FIELDS_PARAM,
        {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(available)}},
        description=_("Only these fields, separated by commas (e.g. slug,name_zh,districts)."),
        style="form",
        explode=False,
    )


# --- CSV --------------------------------------------------------------------------------------


class CSVRenderer(BaseRenderer):
    """?format=csv: the serializer's fields as columns, written by publishing.csvfile.

    A nested object's fields are columns of their own (citation_quote).
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        response = renderer_context.get("response")
        rows = data.get("results", data) if isinstance(data, dict) else data
        if isinstance(rows, dict):
            rows = [rows]
        if response is not None and isinstance(data, dict) and data.get("next"):
            response["Link"] = f'<{data["next"]}>; rel="next"'
        if response is not None and view is not None:
            response["Content-Disposition"] = f'attachment; filename="{getattr(view, "csv_filename", "data")}.csv"'
        if view is None:
            columns = [(name,) for name in (rows[0] if rows else [])]
            header, cells = ["_".join(path) for path in columns], ([nested_value(row, p) for p in columns] for row in rows)
        else:
            header, cells = csv_table(view.get_serializer(), rows)
        return csv_text(header, cells).encode("utf-8")


def serialized(serializer_class, instances, *, request=None):
    """(a serializer, each instance as the API represents it): one row at a time, for streaming.

    The one row definition of a resource: the API, the page's "download what you see" and the
    data package's table all take their rows from here (read_fields does not apply: every field).
    """
    serializer = serializer_class(context={"request": request})
    return serializer, (serializer.to_representation(instance) for instance in instances)


def csv_table(serializer, rows):
    """(header, rows of raw cell values): the serializer's fields as columns, for publishing.csvfile."""
    columns = csv_columns(serializer)
    return ["_".join(path) for path in columns], ([nested_value(row, path) for path in columns] for row in rows)


def csv_columns(serializer):
    """A column per field; a nested object (an observation's citation) gives one per sub-field.

    A sub-field added to v1 later (named in the nested serializer's added_fields) comes after
    every other column, so that the columns already there keep their places.
    """
    columns, added = [], []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            later = getattr(field, "added_fields", ())
            columns.extend((name, sub) for sub in field.fields if sub not in later)
            added.extend((name, sub) for sub in field.fields if sub in later)
        else:
            columns.append((name,))
    return columns + added


def nested_value(row, path):
    for name in path:
        row = row.get(name) if isinstance(row, dict) else None
    return row


class StrictFormatNegotiation(DefaultContentNegotiation):
    """An empty ?format= is a 404 like an unknown one, not a silent JSON answer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if not format_suffix and request.query_params.get(self.settings.URL_FORMAT_OVERRIDE) == "":
            raise NotFound(gettext("Choose a format: json or csv."))
        return super().select_renderer(request, renderers, format_suffix)


# --- Errors, language, caching ----------------------------------------------------------------


def exception_handler(exc, context):
    """DRF's error shapes ({"field": [messages]} or {"detail": message}), always as JSON."""
    # Imported here: rest_framework.views imports the authentication classes of this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    request = context.get("request")
    if response is not None and request is not None and isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    return response


class ApiViewMixin:
    """What every API view does: Cache-Control, Vary, fields (the language: ApiLanguageMiddleware)."""

    # Serializer field names offered to ?fields= (None: the parameter is not offered).
    selectable_fields = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.selected_fields = read_fields(request, self.selectable_fields) if self.selectable_fields else None

    def filter_queryset(self, queryset):
        # One row asked for by its key: DRF's convention is that filters in the query string must
        # select it too, but with none named a FilterSet would select every row and only order
        # them, and building and validating it was about a third of an entry's answer.
        filterset_class = getattr(self, "filterset_class", None)
        if getattr(self, "action", None) == "retrieve" and filterset_class and not asks_to_filter(self.request, filterset_class):
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer(self, *args, **kwargs):
        if getattr(self, "selected_fields", None):
            kwargs["fields"] = self.selected_fields
        return super().get_serializer(*args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept", "Accept-Language"])
        if request.method in ("GET", "HEAD") and response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        else:
            patch_cache_control(response, no_store=True)
        return response


def read_query(form_class, request):
    """The query string read through a form: its cleaned data, or a 400 naming each bad parameter."""
    form = form_class(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form.cleaned_data


FORMAT = OpenApiParameter(
    "format", str, enum=["json", "csv"], description=_("csv: UTF-8 with BOM; lists joined with ;. Default json.")
)
