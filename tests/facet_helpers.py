"""Reading a list page's facets (toolkit.widgets.FacetCheckboxes) back from its HTML."""

import re

BOX = re.compile(
    r'<div( class="none")?><label[^>]*><input type="checkbox" name="(?P<name>[\w-]+)" '
    r'value="(?P<value>[^"]*)"(?P<attrs>[^>]*)> (?P<label>[^<]*)</label></div>'
)


def boxes(content, name):
    """{value: (label, ticked, greyed)} of a facet's checkboxes, in the order drawn."""
    return {
        match["value"]: (match["label"], "checked" in match["attrs"], bool(match.group(1)))
        for match in BOX.finditer(content)
        if match["name"] == name
    }


def labels(content, name):
    """{value: label with its count} of a facet's checkboxes."""
    return {value: label for value, (label, _ticked, _greyed) in boxes(content, name).items()}


def ticked(content, name):
    return [
        value for value, (_label, is_ticked, _greyed) in boxes(content, name).items() if is_ticked
    ]
