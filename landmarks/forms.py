"""Admin and spreadsheet forms: a date is typed as 2014-12-03, 2014-05 or 2014, at the precision
the report gives."""

from django import forms
from django.utils.translation import gettext_lazy as _

from landmarks.dates import PartialDate
from landmarks.models import Batch, Landmark
from publishing.spreadsheets import BooleanCellField, split_list


class PartialDateField(forms.CharField):
    default_error_messages = {
        "invalid": _("Enter a date as YYYY-MM-DD, or YYYY-MM when only the month is known, or YYYY."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class PartialDateFormMixin:
    """Shows and reads a date field together with its precision field, as one text box."""

    partial_dates = {}  # date field name -> precision field name

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for date_field, precision_field in self.partial_dates.items():
            value = getattr(self.instance, date_field)
            if value is not None:
                self.initial[date_field] = PartialDate(value, getattr(self.instance, precision_field)).isoformat()

    def clean(self):
        cleaned_data = super().clean()
        for date_field, precision_field in self.partial_dates.items():
            if date_field not in cleaned_data:
                continue  # its own error is already reported
            partial = cleaned_data[date_field]
            cleaned_data[date_field] = partial.value if partial else None
            setattr(self.instance, precision_field, partial.precision if partial else "")
        return cleaned_data


class LandmarkForm(PartialDateFormMixin, forms.ModelForm):
    partial_dates = {
        "designated_on": "designated_precision",
        "demonstration_on": "demonstration_precision",
        "withdrawn_on": "withdrawn_precision",
    }
    designated_on = PartialDateField(
        label=_("designated"),
        required=False,
        help_text=_("Left empty, an entry of a batch takes the batch's date."),
    )
    demonstration_on = PartialDateField(
        label=_("demonstration since"),
        required=False,
        help_text=_("Only with a source: the report dates no demonstration mark."),
    )
    withdrawn_on = PartialDateField(
        label=_("withdrawn from the registry"),
        required=False,
        help_text=_(
            "Only with a source: when the registry dropped the entry (撤销). To hide the page, use the state instead."
        ),
    )

    class Meta:
        model = Landmark
        fields = [
            "kind",
            "sequence",
            "name_zh",
            "name_en",
            "slug",
            "batch",
            "designated_on",
            "is_demonstration",
            "demonstration_on",
            "withdrawn_on",
            "is_city_level",
            "same_place",
            "summary",
            "body",
            "state",
        ]


class BatchForm(PartialDateFormMixin, forms.ModelForm):
    partial_dates = {"announced_on": "announced_precision"}
    announced_on = PartialDateField(label=_("announced"))

    class Meta:
        model = Batch
        fields = ["kind", "ordinal", "announced_on", "as_printed"]


class KnownNamesField(forms.CharField):
    """A cell naming rows an import has read once (known: {name: object}), so that validating a
    thousand rows costs no query per row. many: the cell is a list (publishing.spreadsheets.
    split_list). Cleans to the object (None when blank) or the list of them."""

    def __init__(self, *, unknown_message, many=False, **kwargs):
        super().__init__(required=False, **kwargs)
        self.unknown_message = unknown_message
        self.many = many
        self.known = {}

    def to_python(self, value):
        text = super().to_python(value)
        names = split_list(text) if self.many else [text] if text else []
        unknown = [name for name in names if name not in self.known]
        if unknown:
            raise forms.ValidationError(self.unknown_message, params={"names": ", ".join(unknown)}, code="unknown")
        found = [self.known[name] for name in names]
        return found if self.many else (found[0] if found else None)


class LandmarkRowForm(LandmarkForm):
    """One row of a registries spreadsheet (landmarks.spreadsheets): the admin form's rules, with
    batch, districts and same place named as the export names them, and yes/no cells.

    State is not a column one may change: publishing is the publishers' (the admin's actions).
    """

    batch = KnownNamesField(label=_("batch"), unknown_message=_("There is no batch %(names)s; give one such as park-2."))
    districts = KnownNamesField(
        label=_("districts"),
        many=True,
        unknown_message=_("Unknown district %(names)s; give Chinese names such as 黄浦区, separated by ;"),
    )
    same_place = KnownNamesField(
        label=_("the same place in other registries"),
        many=True,
        unknown_message=_("There is no entry %(names)s; give registry/slug, such as village/xiangyang-village."),
    )
    is_demonstration = BooleanCellField(label=_("demonstration"))
    is_city_level = BooleanCellField(label=_("city-level"))

    class Meta(LandmarkForm.Meta):
        fields = [name for name in LandmarkForm.Meta.fields if name != "state"]

    def __init__(self, data, *, instance, batches, districts, entries):
        super().__init__(data, instance=instance)
        self.fields["batch"].known = batches
        self.fields["districts"].known = districts
        self.fields["same_place"].known = entries

    def clean_districts(self):
        # A former district (闸北区) stands for the one that absorbed it, as everywhere.
        return list(dict.fromkeys(district.current() for district in self.cleaned_data["districts"]))
