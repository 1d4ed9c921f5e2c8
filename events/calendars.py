"""Events as iCalendar (RFC 5545): one event, or the events a list page shows.

The `icalendar` library writes the text: every TEXT value escaped (commas,
semicolons, backslashes, line breaks), lines folded at 75 octets without
splitting a UTF-8 character, CRLF line ends. What is ours:

- An event with times is placed in its venue's time zone (DTSTART;TZID=...,
  with the VTIMEZONE it needs); one known to the day only is an all-day
  event from its first to its last day (DTEND is exclusive, so the day after).
- Only events known to the day are in a calendar. One known only to its month
  or year would show in every client as a block over the whole month or year,
  which says something false; RFC 5545 cannot say "some day in November". An
  undated event cannot be placed at all. Both are left out (their pages say so).
- RFC 5545 wants at least one component in a calendar: one with no event
  (a filter that matches nothing) carries the portal's VTIMEZONE, which every
  client accepts and shows nothing for.
"""

import datetime
import zoneinfo
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AttendanceMode

PRODID = "-//TsAKO//Central Asian Climate Education Alliance portal//EN"
ONE_DAY = datetime.timedelta(days=1)
# VTIMEZONEs cover the events' dates with this margin either side.
TIME_ZONE_MARGIN = datetime.timedelta(days=366)


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
    """Venue, address, city and country, and whether it is held or also followed online."""
    place = [event.venue, event.address, event.city, event.country.name if event.country else ""]
    text = ", ".join(part for part in place if part)
    if event.attendance == AttendanceMode.ONLINE:
        return f"{text} ({_('held online')})" if text else _("Held online")
    if event.attendance == AttendanceMode.HYBRID:
        return f"{text} ({_('also online')})" if text else _("In person and online")
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
    """An iCalendar document (bytes) of the events known to the day, in the active language."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # RFC 7986's NAME and Apple's and Google's X-WR-CALNAME are TEXT, which the
    # library escapes only when told: it does not know their type.
    calendar.add("name", icalendar.vText(name))
    calendar.add("x-wr-calname", icalendar.vText(name))
    placed = [event for event in events if event.in_calendars]
    for event in placed:
        calendar.add_component(event_component(event, host))
    timed = [event for event in placed if event_datetimes(event)]
    if timed:
        calendar.add_missing_timezones(
            first_date=min(event.start_date for event in timed) - TIME_ZONE_MARGIN,
            last_date=max(event.end_date or event.start_date for event in timed) + TIME_ZONE_MARGIN,
        )
    elif not placed:
        today = timezone.localdate()
        calendar.add_component(
            icalendar.Timezone.from_tzid(
                settings.TIME_ZONE,
                first_date=today - TIME_ZONE_MARGIN,
                last_date=today + TIME_ZONE_MARGIN,
            )
        )
    return calendar.to_ical()


def calendar_response(events, name, filename):
    response = HttpResponse(
        build_calendar(events, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
