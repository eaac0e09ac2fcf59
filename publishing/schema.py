"""OpenAPI helpers for every resource: how filters are typed, and what errors every operation has.

drf-spectacular finds the extension by subclassing (DjangoFilterExtension); settings name
document_errors as a postprocessing hook.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import filters as django_filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from publishing.api import FIELDS_PARAM
from publishing.filters import PartialDateBoundFilter

# What PartialDateBoundField reads, less what it rejects later (year 0, month 13), so that the
# schema promises no value the API refuses; only impossible days (2014-02-30) slip through.
PARTIAL_DATE_PATTERN = r"^(?!0000)\d{4}(-(0?[1-9]|1[0-2])(-(0?[1-9]|[12]\d|3[01]))?)?$"


class FilterSetDocumentation(DjangoFilterExtension):
    """Documents the filters (landmarks' and indicators') drf-spectacular cannot type by itself.

    A slug filter with a method (district) is an array of slugs; a choice filter whose choices
    are a function (ordering: its labels are translated per request) gets its enum by calling it;
    a partial date bound is a string of the pattern it reads (2014, 2014-05 or 2014-05-18); a
    typed choice (is_demonstration) is the text of its choices, not the column's boolean.
    """

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if hasattr(filter_field, "openapi_schema"):  # a filter that says its own type (YearFilter)
            schema = dict(filter_field.openapi_schema)
            enum = None
        elif isinstance(filter_field, PartialDateBoundFilter):
            schema = {"type": "string", "pattern": PARTIAL_DATE_PATTERN}
            enum = None
        elif isinstance(filter_field, django_filters.ModelMultipleChoiceFilter):
            schema = build_array_type(build_basic_type(OpenApiTypes.STR))
            enum = None
        elif isinstance(filter_field, django_filters.ModelChoiceFilter):
            # One row named by slug or code (indicators' domain and geography): a string.
            schema = build_basic_type(OpenApiTypes.STR)
            enum = None
        elif isinstance(filter_field, django_filters.ChoiceFilter) and callable(filter_field.extra.get("choices")):
            schema = build_basic_type(OpenApiTypes.STR)
            enum = [value for value, _label in filter_field.extra["choices"]()]
        elif isinstance(filter_field, django_filters.TypedChoiceFilter):
            # The parameter is the text "true" or "false", whatever the column's type.
            schema = build_basic_type(OpenApiTypes.STR)
            enum = [value for value, _label in filter_field.extra["choices"]]
        else:
            return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        return [
            build_parameter_type(
                name=field_name,
                required=filter_field.extra["required"],
                location=OpenApiParameter.QUERY,
                description=self._get_field_description(filter_field, None),
                schema=schema,
                enum=enum,
                explode=True if schema["type"] == "array" else None,
                style="form" if schema["type"] == "array" else None,
            )
        ]



# Query parameters whose empty value is an error; for the others it means "not given", as when
# an HTML form submits an empty field.
EMPTY_IS_AN_ERROR = {"format", "page", "cursor", FIELDS_PARAM}


def document_errors(result, generator, request, public):
    """A postprocessing hook: every operation's error responses and which parameters may be empty."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["ValidationErrors"] = {
        "type": "object",
        "description": str(_("Each rejected parameter with its messages.")),
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    }
    components["Error"] = {
        "type": "object",
        "required": ["detail"],
        "properties": {"detail": {"type": "string"}},
    }
    errors = {
        "400": (_("A parameter was rejected."), "ValidationErrors"),
        "401": (_("The API key is wrong or revoked."), "Error"),
        "404": (_("No such entry, page or cursor."), "Error"),
        "406": (_("The requested format is not offered."), "Error"),
        "429": (_("Too many requests: retry after Retry-After seconds."), "Error"),
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and not parameter.get("required"):
                    if parameter["name"] not in EMPTY_IS_AN_ERROR:
                        parameter["allowEmptyValue"] = True
            responses = operation.setdefault("responses", {})
            for status, (description, schema) in errors.items():
                responses.setdefault(
                    status,
                    {
                        "description": str(description),
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                    },
                )
    return result
