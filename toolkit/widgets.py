"""Form widgets of the public filter forms."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


def attributes(attrs):
    """Django's widgets/attrs.html in Python: in order, True as a bare name, False left out."""
    # Every part comes escaped from format_html.
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class FacetCheckboxes(forms.CheckboxSelectMultiple):
    """A facet's checkboxes, each with its count for the current selection, drawn in Python.

    The HTML is Django's CheckboxSelectMultiple's (a box per value, inside its
    label), with the count after the label, "Climate education (12)". Django
    draws each option through two templates, which at two hundred options
    cost as much as the rest of a list page.

    - `counts` ({value: count}, set by the FilterSet's `show_counts()`): an
      option counted 0 under the current selection is greyed (class "none"),
      never disabled: the reader may change other filters in the same go, and
      one ticked must stay uncheckable. None: no counts (a filter is wrong).
    - `offered` (a callable giving the values worth offering, such as the
      countries with any data): the others are not drawn unless chosen.
    - `chosen_elsewhere` (a callable taking the chosen values that are not
      among the choices and giving their (value, label)): an organisation
      accepted by its slug but not offered is still drawn, ticked.
    - `first`: with more options than this, the options ticked and the `first`
      most counted are shown, the others (by name) behind a disclosure, "More
      (N)". Not a box that scrolls inside the page: the disclosure opens in
      place, on a phone too, and the browser's find-in-page opens it.
    """

    more_label = _("More")

    def __init__(self, attrs=None, choices=(), *, offered=None, chosen_elsewhere=None, first=None):
        super().__init__(attrs, choices)
        self.counts = None
        self.offered = offered
        self.chosen_elsewhere = chosen_elsewhere
        self.first = first

    def options(self, name, value, attrs):
        """The options to draw, as Django's create_option() makes them."""
        value = [str(one) for one in value]
        offered = self.offered() if self.offered is not None else None
        options = [
            option
            for _group, group_options, _index in self.optgroups(name, value, attrs)
            for option in group_options
            if offered is None or option["selected"] or str(option["value"]) in offered
        ]
        if self.chosen_elsewhere is not None:
            known = {str(choice) for choice, _label in self.choices}
            missing = [one for one in value if one not in known]
            for extra_value, label in self.chosen_elsewhere(missing) if missing else ():
                options.append(
                    self.create_option(name, extra_value, label, True, len(options), attrs=attrs)
                )
        if base := attrs.get("id"):
            # Ids in the order drawn: none repeated, none skipped.
            for index, option in enumerate(options):
                option["attrs"]["id"] = self.id_for_label(base, index)
        return options

    def count_of(self, option):
        return None if self.counts is None else self.counts.get(str(option["value"]), 0)

    def draw(self, option):
        count = self.count_of(option)
        label = option["label"] if count is None else format_html("{} ({})", option["label"], count)
        attrs = attributes(option["attrs"])
        css = ' class="none"' if count == 0 else ""
        option_id = option["attrs"].get("id")
        label_for = format_html(' for="{}"', option_id) if option_id else ""
        return format_html(
            '<div{}><label{}><input type="checkbox" name="{}" value="{}"{}> {}</label></div>',
            mark_safe(css),
            label_for,
            option["name"],
            option["value"],
            attrs,
            label,
        )

    def split(self, options):
        """(options shown, options behind the disclosure)."""
        if self.first is None or len(options) <= self.first + 1:
            return options, []
        by_count = sorted(options, key=lambda option: -(self.count_of(option) or 0))
        top = {id(option) for option in by_count[: self.first]}
        shown = [option for option in options if option["selected"] or id(option) in top]
        shown.sort(key=lambda option: -(self.count_of(option) or 0))  # stable: ties by name
        more = [option for option in options if not (option["selected"] or id(option) in top)]
        return shown, more

    def render(self, name, value, attrs=None, renderer=None):
        # Not ChoiceWidget's context: it would read the choices (a query) a second time.
        context = forms.Widget.get_context(self, name, value, attrs)["widget"]
        options = self.options(name, context["value"], context["attrs"])
        shown, more = self.split(options)
        body = format_html_join("\n", "{}", ((self.draw(option),) for option in shown))
        if more:
            body = format_html(
                '{}\n<details class="more"><summary>{} ({})</summary>\n{}\n</details>',
                body,
                self.more_label,
                len(more),
                format_html_join("\n", "{}", ((self.draw(option),) for option in more)),
            )
        container_id = context["attrs"].get("id")
        id_attr = format_html(' id="{}"', container_id) if container_id else ""
        return format_html('<div class="facet"{}>\n{}\n</div>', id_attr, body)
