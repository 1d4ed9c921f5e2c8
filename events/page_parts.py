"""What apps above events add to an event's page (registration, say): events defines the hook.

An app calls `add_event_page_part(part)` in its AppConfig.ready(); `part(event)`
returns the HTML to show below the event's facts, or "" for nothing. So the
event's page can offer what those apps do without events knowing them.
"""

EVENT_PAGE_PARTS = []


def add_event_page_part(part):
    EVENT_PAGE_PARTS.append(part)


def event_page_parts(event):
    """The parts' HTML for `event`, in the order the apps were installed."""
    return [html for part in EVENT_PAGE_PARTS if (html := part(event))]
