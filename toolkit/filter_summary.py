"""What a list's filters ask, value by value, each with the address that drops it: the
summary a phone shows above the results, and its "chips".

Works on any PortalFilterSet (its `chosen()`) and names no app. A list view adds
`FilterSummaryMixin` before `FilterView`; the template (includes/filter_panel.html,
includes/active_filters.html) shows `filter_summary`.
"""

from dataclasses import dataclass, field

from django import forms

from .filters import flat_choices, has_fixed_choices

# Parameters that order or page a list rather than narrow it.
NOT_FILTERS = ("sort", "page")
# Where a changed list is read from: the results heading (id="results") of every list page.
RESULTS = "#results"


@dataclass(frozen=True)
class Chip:
    """One value of one filter: "Kazakhstan", and the list without it."""

    text: str
    url: str


@dataclass(frozen=True)
class FilterSummary:
    chips: list = field(default_factory=list)
    count: int = 0
    valid: bool = True
    clear_url: str = RESULTS

    @property
    def text(self):
        """The active filters in words: "Kazakhstan, Climate education"."""
        return ", ".join(chip.text for chip in self.chips)


def encoded(query):
    text = query.urlencode()
    return f"?{text}{RESULTS}" if text else RESULTS


def _is_default(form_field, value):
    """A select without an empty choice shows its first choice when the address has none:
    asking for that choice narrows nothing (the directory's "Members", "All events")."""
    if not has_fixed_choices(form_field) or isinstance(form_field, forms.MultipleChoiceField):
        return False
    choices = list(flat_choices(form_field))
    return bool(choices) and choices[0][0] != "" and str(value) == choices[0][0]


def summarise(filterset, query, path, count):
    """The FilterSummary of a bound FilterSet for the request's query string.

    Each value gets a chip whose address keeps every other parameter and value
    (normalised as the form cleaned them) and drops that one, and the page.
    A value's text is its label ("Kazakhstan"); where that alone would not say
    which filter it is (a search, a year, an organisation that may lead or
    fund), the filter's label comes first ("Led by: UNDP").
    """
    if not filterset.is_bound:
        return FilterSummary(count=count, clear_url=f"{path}{RESULTS}")
    if not filterset.is_valid():
        return FilterSummary(count=0, valid=False, clear_url=f"{path}{RESULTS}")
    fields = filterset.form.fields
    # Records of one model chosen in two filters (leads and funders) say which filter.
    models = [getattr(f, "queryset", None) for f in fields.values()]
    models = [queryset.model for queryset in models if queryset is not None]
    # The address, without empty parameters (a submitted form sends every field).
    base = query.copy()
    for name in list(base):
        kept = [value for value in base.getlist(name) if value.strip()]
        if name == "page" or not kept:
            base.pop(name)
        else:
            base.setlist(name, kept)
    chips = []
    for name, form_field, values, labels in filterset.chosen(leave_out=NOT_FILTERS):
        if name not in base:
            continue
        if len(values) == 1 and _is_default(form_field, values[0]):
            continue
        if labels:  # in the form's order ("Kazakhstan, Kyrgyzstan"), not the address's
            order = {value: index for index, value in enumerate(labels)}
            values.sort(key=lambda value: order.get(str(value), len(order)))
        named = has_fixed_choices(form_field) or (
            hasattr(form_field, "queryset") and models.count(form_field.queryset.model) == 1
        )
        prepared = [str(form_field.prepare_value(value)) for value in values]
        for index, value in enumerate(values):
            # A record (a theme, an organisation) names itself; a choice by its label.
            shown = str(labels.get(str(value), value))
            text = shown if named else f"{form_field.label}: {shown}"
            rest = base.copy()
            others = prepared[:index] + prepared[index + 1 :]
            if others:
                rest.setlist(name, others)
            else:
                rest.pop(name)
            chips.append(Chip(text=text, url=f"{path}{encoded(rest)}"))
    return FilterSummary(chips=chips, count=count, clear_url=f"{path}{RESULTS}")


class FilterSummaryMixin:
    """Adds `filter_summary` to a FilterView's context, before the view writes counts into
    the form's labels ("Kazakhstan (8)"), so the summary says "Kazakhstan"."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = context.get("paginator")
        count = paginator.count if paginator is not None else len(context["object_list"])
        context["filter_summary"] = summarise(
            self.filterset, self.request.GET, self.request.path, count
        )
        return context
