"""Dates known to the precision a source gives: a day, a month or a year.

"November 2025" is not "1 November 2025". A period is stored as two plain
DateFields so the database can filter and sort on it: the start is the first
day of its period and the end the last day of its period ("2024 – 2029" is
stored as 2024-01-01 .. 2029-12-31, both with year precision). Each date keeps
its precision beside it, and display goes through `format_partial_date` and
`format_period` (CLDR formats through Babel, `toolkit.cldr`).
"""

import calendar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from toolkit import cldr


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


# ISO 8601 at each precision: "2024", "2025-11", "2026-04-22".
ISO_FORMATS = {
    DatePrecision.YEAR: "%Y",
    DatePrecision.MONTH: "%Y-%m",
    DatePrecision.DAY: "%Y-%m-%d",
}


def iso_partial_date(value, precision):
    """ISO 8601 at the date's precision: "2024", "2025-11", "2026-04-22"; "" for no date."""
    if value is None:
        return ""
    return value.strftime(ISO_FORMATS.get(precision, "%Y-%m-%d"))


def period_start(value, precision):
    """The first day of the day, month or year that `value` falls in."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def period_end(value, precision):
    """The last day of the day, month or year that `value` falls in."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


SKELETONS = {
    DatePrecision.DAY: cldr.DAY,
    DatePrecision.MONTH: cldr.MONTH,
    DatePrecision.YEAR: cldr.YEAR,
}


def format_partial_date(value, precision):
    """A date at its precision, as CLDR writes it in the active language: "ноябрь 2021 г."."""
    if value is None:
        return ""
    return cldr.format_skeleton(value, SKELETONS.get(precision, cldr.DAY))


def period_interval(start, start_precision, end=None, end_precision=None):
    """A period as a `toolkit.cldr.Interval`: one date, or two pieces around a separator.

    Both ends at one precision take the locale's interval format ("2024–2029",
    "22–24 апреля 2026 г.", "2026 ж. сәуір – мамыр"); ends at different
    precisions are each written at their own, joined by CLDR's fallback pattern.
    """
    if start is None:
        return cldr.Interval(format_partial_date(end, end_precision))
    if end is None:
        return cldr.Interval(format_partial_date(start, start_precision))
    if start_precision == end_precision:
        return cldr.format_interval(start, end, SKELETONS.get(start_precision, cldr.DAY))
    first = format_partial_date(start, start_precision)
    last = format_partial_date(end, end_precision)
    if first == last:
        return cldr.Interval(first)
    return cldr.format_mixed_interval(first, last)


def format_period(start, start_precision, end=None, end_precision=None):
    """'2024 – 2029', 'November 2025', 'April 22 – 24, 2026', in the active language."""
    return str(period_interval(start, start_precision, end, end_precision))


def end_after_start(name):
    """The database's own check that a period does not end before it starts."""
    return models.CheckConstraint(
        condition=models.Q(end_date__isnull=True)
        | models.Q(start_date__isnull=False, end_date__gte=models.F("start_date")),
        name=name,
    )


class PeriodModel(models.Model):
    """A start and an optional end, each with the precision its source gives.

    `save()` normalises the dates to the edges of their periods, so a month
    entered as any day of it is stored as its first (start) or last (end) day,
    and a start given alone gets the end of its own period as end.
    """

    start_date = models.DateField(
        _("start"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the source gives no date."),
    )
    start_precision = models.CharField(
        _("start precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("end precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.start_date:
            self.start_date = period_start(self.start_date, self.start_precision)
            if not self.end_date:
                # "December 2025" alone covers the whole month: storing its last
                # day keeps every date query a plain comparison on two columns.
                self.end_date = self.start_date
                self.end_precision = self.start_precision
        if self.end_date:
            self.end_date = period_end(self.end_date, self.end_precision)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.end_date and not self.start_date:
            raise ValidationError({"end_date": _("An end needs a start.")})
        if self.start_date and self.end_date:
            start = period_start(self.start_date, self.start_precision)
            end = period_end(self.end_date, self.end_precision)
            if end < start:
                raise ValidationError({"end_date": _("The end comes before the start.")})

    @property
    def period_display(self):
        return format_period(
            self.start_date, self.start_precision, self.end_date, self.end_precision
        )

    @property
    def period_interval(self):
        """The period in pieces, for pages that mark each end up as a <time>."""
        return period_interval(
            self.start_date, self.start_precision, self.end_date, self.end_precision
        )

    @property
    def start_iso(self):
        return iso_partial_date(self.start_date, self.start_precision)

    @property
    def end_iso(self):
        return iso_partial_date(self.end_date, self.end_precision)

    @property
    def start_display(self):
        return format_partial_date(self.start_date, self.start_precision)

    @property
    def end_display(self):
        return format_partial_date(self.end_date, self.end_precision)
