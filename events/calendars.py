"""Events as iCalendar (RFC 5545): one event, or the events a list page shows.

An event with times is placed in its venue's time zone (DTSTART;TZID=...,
with the VTIMEZONE it needs); one known to the day, month or year only is an
all-day event from its first to its last day (DTEND is exclusive, so the day
after). Undated events cannot be placed and are left out.
"""

import datetime
import zoneinfo
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

PRODID = "-//TsAKO//Central Asian Climate Education Alliance portal//EN"
ONE_DAY = datetime.timedelta(days=1)


def venue_zone(event):
    """The venue's time zone, or None when it is missing or not a known IANA name."""
    try:
        return event.tzinfo
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def event_datetimes(event):
    """(start, end) as aware datetimes in the venue's time zone, or None without times.

    `end` is None when the source gives no end time for a one-day event.
    Without the venue's zone a time cannot be placed, so it is None too: the
    server's zone is never assumed.
    """
    zone = venue_zone(event)
    if not (event.start_date and event.start_time and zone):
        return None
    start = datetime.datetime.combine(event.start_date, event.start_time, tzinfo=zone)
    last_day = event.end_date or event.start_date
    if event.end_time:
        end = datetime.datetime.combine(last_day, event.end_time, tzinfo=zone)
        if end < start:  # Runs past midnight.
            end += ONE_DAY
        return start, (end if end > start else None)
    if last_day > event.start_date:
        # A start time and several days, but no end time: until the last day is over.
        return start, datetime.datetime.combine(last_day + ONE_DAY, datetime.time(), tzinfo=zone)
    return start, None


def location(event):
    place = [event.venue, event.address, event.city, event.country.name if event.country else ""]
    text = ", ".join(part for part in place if part)
    if event.is_online:
        return f"{text} ({_('also online')})" if text else _("Online")
    return text


def event_component(event, host):
    component = icalendar.Event()
    component.add("uid", f"{event.slug}@{host}")
    # Without a METHOD, DTSTAMP is when the event's information last changed.
    component.add("dtstamp", event.updated_at)
    component.add("last-modified", event.updated_at)
    times = event_datetimes(event)
    if times:
        start, end = times
        component.add("dtstart", start)
        if end:
            component.add("dtend", end)
    else:
        component.add("dtstart", event.start_date)
        component.add("dtend", (event.end_date or event.start_date) + ONE_DAY)
    component.add("summary", event.title)
    description = "\n\n".join(text for text in (event.summary, event.description) if text)
    if description:
        component.add("description", description)
    if place := location(event):
        component.add("location", place)
    component.add("categories", [str(event.get_kind_display())])
    component.add("url", settings.SITE_URL + event.get_absolute_url())
    return component


def build_calendar(events, name):
    """An iCalendar document (bytes) of dated events, in the active language."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    timed = []
    for event in events:
        if event.start_date is None:
            continue
        calendar.add_component(event_component(event, host))
        if event_datetimes(event):
            timed.append(event)
    if timed:
        # VTIMEZONEs covering the events' dates, with a year's margin either side.
        calendar.add_missing_timezones(
            first_date=min(event.start_date for event in timed) - datetime.timedelta(days=366),
            last_date=max(event.end_date or event.start_date for event in timed)
            + datetime.timedelta(days=366),
        )
    return calendar.to_ical()


def calendar_response(events, name, filename):
    response = HttpResponse(
        build_calendar(events, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
