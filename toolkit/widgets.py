"""Form widgets of the public filter forms."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


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


class LongSelect(forms.Select):
    """A select of many options (a hundred organisations), drawn in Python.

    Django draws each option through two templates, which at two hundred
    options cost as much as the rest of a list page's form. The HTML is the
    same as forms.Select's (tests/toolkit/test_filters.py compares them); a select
    with option groups is left to Django.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        if any(group_name for group_name, _options, _index in groups):
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (option["value"], attributes(option["attrs"]), option["label"])
                for _group_name, group_options, _index in groups
                for option in group_options
            ),
        )
        name, attrs = widget["name"], attributes(widget["attrs"])
        return format_html('<select name="{}"{}>{}\n</select>', name, attrs, options)
