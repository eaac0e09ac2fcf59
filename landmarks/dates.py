"""Dates known to a day, a month or a year.

The report dates the village batches to the day (2014 年 12 月 3 日) but the park batches only to
the month (2014 年 5 月). A month-precise date is stored as the 1st of that month together with
its precision, and every way out of the portal (admin, pages, exports) goes through this module
so that it is never shown or exported as the 1st.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


_ISO_PATTERNS = {
    Precision.DAY: re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    Precision.MONTH: re.compile(r"^(\d{4})-(\d{2})$"),
    Precision.YEAR: re.compile(r"^(\d{4})$"),
}


@dataclass(frozen=True)
class PartialDate:
    value: datetime.date
    precision: str

    @classmethod
    def parse(cls, text):
        """Read "2014-12-03", "2014-05" or "2014". Raises ValueError with a readable message."""
        text = (text or "").strip()
        for precision, pattern in _ISO_PATTERNS.items():
            match = pattern.match(text)
            if match:
                parts = [int(part) for part in match.groups()] + [1, 1]
                try:
                    return cls(datetime.date(*parts[:3]), precision)
                except ValueError as error:  # a month 13, a 30 February
                    raise ValueError(f"{text!r} is not a real date ({error})") from None
        raise ValueError(f"{text!r} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")

    def isoformat(self):
        if self.precision == Precision.DAY:
            return self.value.isoformat()
        if self.precision == Precision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return f"{self.value.year:04d}"

    def __str__(self):
        return self.isoformat()

    @property
    def last_day(self):
        return period_end(self.value, self.precision)


def period_end(value, precision):
    """The last day of the period a date stands for: 2014-05 → 2014-05-31, 2015 → 2015-12-31.

    The one rule of "as of" answers: a registry's event dated only to the month or the year is
    certain only once that whole month or year has passed, so it counts from this day.
    """
    if value is None:
        return None
    if precision == Precision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    if precision == Precision.YEAR:
        return value.replace(month=12, day=31)
    return value


def matches_precision(date_field, precision_field):
    """A database condition: an optional date comes with its precision and is normalised."""
    return (
        models.Q(**{f"{date_field}__isnull": True, precision_field: ""})
        | models.Q(**{f"{date_field}__isnull": False, precision_field: "day"})
        | models.Q(**{f"{date_field}__isnull": False, precision_field: "month", f"{date_field}__day": 1})
        | models.Q(
            **{
                f"{date_field}__isnull": False,
                precision_field: "year",
                f"{date_field}__day": 1,
                f"{date_field}__month": 1,
            }
        )
    )


def is_normalised(value, precision):
    """A month-precise date is the 1st of its month; a year-precise one, 1 January."""
    if precision == Precision.MONTH:
        return value.day == 1
    if precision == Precision.YEAR:
        return (value.month, value.day) == (1, 1)
    return True


_DISPLAY_FORMATS = {
    Precision.DAY: "DATE_FORMAT",  # zh-hans: 2014年12月3日; en: Dec. 3, 2014
    Precision.MONTH: "YEAR_MONTH_FORMAT",  # zh-hans: 2014年5月; en: May 2014
    Precision.YEAR: "Y",
}


def display(value, precision):
    """The date as a reader of the active language expects it, at its own precision."""
    if value is None:
        return ""
    return date_format(value, _DISPLAY_FORMATS[precision])
