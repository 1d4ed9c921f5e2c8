"""Form widgets of the public filter forms."""

from django import forms
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .cldr import format_number


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


def grouped(count):
    """A count as the reader writes it; below 1,000 the digits alone (every language here)."""
    return str(count) if count < 1000 else format_number(count)


class FacetCheckboxes(forms.CheckboxSelectMultiple):
    """A facet's checkboxes, each with its count for the current selection, drawn in Python.

    The HTML is Django's CheckboxSelectMultiple's (a box per value, inside its
    label), with the count after the label in the reader's number format,
    "Climate education (1 234)". Django draws each option through two
    templates and copies its attributes several times: at two hundred
    options, most of a list page's time.

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

    def options(self, value):
        """The options to draw: [(value, label, ticked)], values and labels as text."""
        chosen = {str(one) for one in value}
        offered = self.offered() if self.offered is not None else None
        options = [
            (key, str(label), key in chosen)
            for key, label in ((str(choice), label) for choice, label in self.choices)
            if offered is None or key in chosen or key in offered
        ]
        if self.chosen_elsewhere is not None:
            missing = chosen.difference(key for key, _label, _ticked in options)
            for key, label in self.chosen_elsewhere(sorted(missing)) if missing else ():
                options.append((str(key), str(label), True))
        return options

    def count_of(self, option):
        return None if self.counts is None else self.counts.get(option[0], 0)

    def split(self, options):
        """(options shown, options behind the disclosure)."""
        if self.first is None or len(options) <= self.first + 1:
            return options, []
        by_count = sorted(options, key=lambda option: -(self.count_of(option) or 0))
        top = {option[0] for option in by_count[: self.first]}
        shown = [option for option in options if option[2] or option[0] in top]
        shown.sort(key=lambda option: -(self.count_of(option) or 0))  # stable: ties by name
        more = [option for option in options if not (option[2] or option[0] in top)]
        return shown, more

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base = attrs.pop("id", None)
        # What every box shares (aria-describedby, say), written once.
        shared = attributes(attrs)
        name = escape(name)
        options = self.options(self.format_value(value))
        lines = []

        def draw(index, option):
            key, label, ticked = option
            count = self.count_of(option)
            greyed = ' class="none"' if count == 0 else ""
            box_id = escape(f"{base}_{index}") if base else ""
            label_for = f' for="{box_id}"' if base else ""
            box_attrs = (
                (f' id="{box_id}"' if base else "") + shared + (" checked" if ticked else "")
            )
            shown = escape(label) + ("" if count is None else f" ({grouped(count)})")
            box = f'<input type="checkbox" name="{name}" value="{escape(key)}"{box_attrs}>'
            lines.append(f"<div{greyed}><label{label_for}>{box} {shown}</label></div>")

        shown, more = self.split(options)
        for index, option in enumerate(shown):
            draw(index, option)
        if more:
            lines.append(
                format_html(
                    '<details class="more"><summary>{} ({})</summary>', self.more_label, len(more)
                )
            )
            for index, option in enumerate(more, start=len(shown)):
                draw(index, option)
            lines.append("</details>")
        container = format_html(' id="{}"', base) if base else ""
        # Every part above is escaped.
        return mark_safe(f'<div class="facet"{container}>\n' + "\n".join(lines) + "\n</div>")
