"""Forms for editors' figures: the admin's observation form and one spreadsheet row of an import.

Both apply the rules the data files follow (indicators/citations.py): a figure is read from a
verbatim phrase of the report, which prints its number. A mistake is explained on the field it
concerns, in words an editor can act on.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indicators import citations
from indicators.models import DERIVATION_MESSAGE, Observation
from indicators.sourcedata import CITY, derivation_fits
from landmarks.models import District


class GeographyField(forms.ModelChoiceField):
    """Where a figure is: "shanghai" (CITY, the whole city) or a district's slug, read one way
    everywhere (the observations filter, the import's rows, the admin form, the loader).

    Cleans to CITY, to the district as it is today (a former one counts as the district that
    absorbed it, District.current()), or to None when left empty. Anything else is refused with
    one message saying what fits. A caller validating many rows sets `known` ({slug: District},
    read once with DistrictQuerySet.with_current()) so that no row costs a query.
    """

    default_error_messages = {
        "invalid_choice": _("Give shanghai for the whole city, or a district's slug such as huangpu."),
    }

    def __init__(self, queryset=None, *, known=None, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(District.objects.with_current() if queryset is None else queryset, **kwargs)
        self.known = known

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value == CITY:
            return CITY
        if value in self.empty_values:
            return None
        if self.known is None:
            district = super().to_python(value)
        elif value in self.known:
            district = self.known[value]
        else:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return district.current()

    @staticmethod
    def district(geography):
        """The District a cleaned value stands for; None for the whole city (CITY or empty)."""
        return None if geography in (None, CITY) else geography


class CitationCheckMixin:
    """Fills the citation from the quote and checks that the quote prints the value."""

    def check_citation(self, cleaned, indicator):
        quote, value = cleaned.get("quote"), cleaned.get("value")
        if not quote:
            return None
        fields, error = citations.citation_for(quote, cleaned.get("line"))
        if error:
            self.add_error("quote", error)
            return None
        if value is not None and indicator is not None:
            printed = cleaned.get("printed") or format(value.normalize(), "f")
            cleaned["printed"] = printed
            error = citations.printed_error(
                quote,
                printed,
                cleaned.get("printed_unit") or "",
                indicator,
                value,
                derived=cleaned.get("kind") == Observation.Kind.DERIVED,
            )
            if error:
                self.add_error("printed" if "printed" in self.fields else "value", error)
        return fields


class ObservationForm(CitationCheckMixin, forms.ModelForm):
    class Meta:
        model = Observation
        fields = [
            "indicator",
            "year",
            "district",
            "reading",
            "value",
            "qualifier",
            "kind",
            "derivation",
            "base_year",
            "printed",
            "printed_unit",
            "quote",
            "note_zh",
            "note_en",
        ]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3})}

    # Editors pick one of today's districts; empty is the whole city.
    district = GeographyField(
        District.objects.current(), required=False, label=_("district"), empty_label=_("Shanghai (whole city)")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.district_id:
            self.initial["district"] = self.instance.district.slug
        self.fields["printed"].required = False
        self.fields["printed"].help_text = _("The number exactly as the quote prints it; left empty, the value.")

    def clean_district(self):
        return GeographyField.district(self.cleaned_data["district"])

    def clean(self):
        cleaned = super().clean()
        cleaned["line"] = None  # placed at the phrase's first occurrence, or where it already was
        if self.instance.pk and cleaned.get("quote") == self.instance.quote:
            cleaned["line"] = self.instance.line
        self.citation_fields = self.check_citation(cleaned, cleaned.get("indicator"))
        return cleaned

    def save(self, commit=True):
        for name, value in (self.citation_fields or {}).items():
            setattr(self.instance, name, value)
        return super().save(commit)


class ObservationRowForm(CitationCheckMixin, forms.Form):
    """One row of an imported spreadsheet. Indicators and districts are looked up in dicts the
    import reads once, so validating a thousand rows costs two queries, not a thousand. An empty
    geography is the whole city."""

    indicator = forms.CharField(label=_("indicator"))
    year = forms.IntegerField(label=_("year"), min_value=1949, max_value=2100)
    geography = GeographyField(label=_("geography"), required=False)
    reading = forms.IntegerField(label=_("reading"), min_value=1, required=False)
    value = forms.DecimalField(label=_("value"), max_digits=20, decimal_places=6)
    unit = forms.CharField(label=_("unit"), required=False)
    qualifier = forms.ChoiceField(label=_("qualifier"), choices=[("", "")] + Observation.Qualifier.choices, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=Observation.Kind.choices, required=False)
    derivation = forms.ChoiceField(
        label=_("derivation"), choices=[("", "")] + Observation.Derivation.choices, required=False
    )
    base_year = forms.IntegerField(label=_("derived from the year"), min_value=1949, max_value=2100, required=False)
    printed = forms.CharField(label=_("as printed"), required=False)
    printed_unit = forms.CharField(label=_("printed unit"), required=False)
    quote = forms.CharField(label=_("quote"))
    line = forms.IntegerField(label=_("line"), min_value=1, required=False)
    note_zh = forms.CharField(label=_("note (Chinese)"), required=False)
    note_en = forms.CharField(label=_("note (English)"), required=False)

    def __init__(self, data, *, indicators, districts):
        super().__init__(data)
        self.indicators = indicators
        self.fields["geography"].known = districts

    def clean_indicator(self):
        code = self.cleaned_data["indicator"].strip()
        if code not in self.indicators:
            raise forms.ValidationError(_("There is no indicator with the code %(code)s."), params={"code": code})
        return self.indicators[code]

    def clean_geography(self):
        return GeographyField.district(self.cleaned_data["geography"])

    def clean(self):
        cleaned = super().clean()
        cleaned["reading"] = cleaned.get("reading") or 1
        cleaned["kind"] = cleaned.get("kind") or Observation.Kind.REPORTED
        indicator = cleaned.get("indicator")
        if indicator is not None and "unit" in cleaned and (cleaned["unit"] or "") != indicator.unit:
            self.add_error(
                "unit",
                _("%(code)s is measured in %(unit)s, not %(given)s; give the value in %(unit)s.")
                % {"code": indicator.code, "unit": indicator.unit or "—", "given": cleaned["unit"] or "—"},
            )
        if not derivation_fits(cleaned["kind"], cleaned.get("derivation"), cleaned.get("base_year")):
            self.add_error("derivation", DERIVATION_MESSAGE)
        self.citation_fields = self.check_citation(cleaned, indicator)
        return cleaned

    def key(self):
        """The natural key: indicator, year, place and reading — never the row's position."""
        data = self.cleaned_data
        district = data["geography"]
        return (data["indicator"].pk, data["year"], district.pk if district else None, data["reading"])

    def observation_values(self):
        """The fields this row sets. A column the file leaves out keeps its current value; a
        column present but blank clears it."""
        data = self.cleaned_data
        values = {
            name: data.get(name) or ""
            for name in ("qualifier", "kind", "derivation", "printed", "printed_unit", "quote", "note_zh", "note_en")
            if name in self.data or name in ("kind", "printed", "quote")
        }
        if "base_year" in self.data:
            values["base_year"] = data.get("base_year")
        values.update(value=data["value"], **self.citation_fields)
        return values
