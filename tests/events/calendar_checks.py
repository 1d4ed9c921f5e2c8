"""Checks of iCalendar responses: RFC 5545's lexical rules, then two independent parsers.

Each response is first checked line by line (CRLF, folding at 75 octets
without splitting a UTF-8 character, escaped TEXT), then read by `icalendar`
(which also checks that the calendar has a component) and by `ical`, a
separate implementation; both readings are compared with the database.
"""

import datetime
import re
import zoneinfo

import icalendar
from django.utils import translation
from ical.calendar_stream import IcsCalendarStream

# RFC 5545 3.3.11: in a TEXT value a backslash, a semicolon and a comma come
# escaped, and no control character but a tab is there.
TEXT = r"(?:[^\\,;\x00-\x08\x0a-\x1f\x7f]|\\[\\;,nN])*"
TEXT_PROPERTIES = {"NAME", "X-WR-CALNAME", "SUMMARY", "LOCATION", "DESCRIPTION", "COMMENT"}
# A content line: name, parameters (values may be quoted), value.
CONTENT_LINE = re.compile(
    r'(?P<name>[A-Za-z0-9-]+)(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*'
    r":(?P<value>.*)"
)


def content_lines(body):
    """The unfolded content lines, once the physical lines pass RFC 5545 3.1."""
    assert body.endswith(b"\r\n")
    physical = body[:-2].split(b"\r\n")
    for line in physical:
        assert b"\n" not in line and b"\r" not in line, line
        assert len(line) <= 75, line  # octets, not characters
        line.decode("utf-8")  # a fold never splits a character
    return [line for line in body.decode().replace("\r\n ", "").split("\r\n") if line]


def read_calendar(response):
    """(icalendar's reading, ical's reading) of a calendar that passes the lexical rules."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    for line in content_lines(response.content):
        match = CONTENT_LINE.fullmatch(line)
        assert match, line
        name, value = match["name"].upper(), match["value"]
        if name in TEXT_PROPERTIES:
            assert re.fullmatch(TEXT, value), line
        elif name == "CATEGORIES":  # a list of TEXT values, separated by commas
            assert re.fullmatch(rf"{TEXT}(?:,{TEXT})*", value), line
    first = icalendar.Calendar.from_ical(response.content)
    first.validate()  # PRODID, VERSION and at least one component (RFC 5545 3.6)
    second = IcsCalendarStream.calendar_from_ics(response.content.decode())
    return first, second


def unescape(text):
    """A TEXT value as written (RFC 5545 3.3.11) to what it says."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def calendar_name(first, second):
    """NAME as both parsers read it, and X-WR-CALNAME; all must agree."""
    # icalendar keeps both as it found them (it does not know their type).
    name = unescape(str(first["NAME"]))
    assert unescape(str(first["X-WR-CALNAME"])) == name
    assert second.name == [name]
    return name


def placed(event):
    """Where a calendar should put the event: its venue's times, or whole days."""
    if event.start_time:  # the seed's times all come with an end time and a zone
        zone = zoneinfo.ZoneInfo(event.time_zone)
        return {
            "start": datetime.datetime.combine(event.start_date, event.start_time, zone),
            "end": datetime.datetime.combine(event.end_date, event.end_time, zone),
        }
    # All day, from the first day to the day after the last (DTEND is exclusive).
    return {"start": event.start_date, "end": event.end_date + datetime.timedelta(days=1)}


def check_events(first, second, events, language, query=""):
    """Both readings hold exactly `events` (all known to the day), as the database has them."""
    with translation.override(language):
        expected = {
            f"{event.slug}@localhost": {
                "summary": event.title,
                **placed(event),
                "kind": str(event.get_kind_display()),
            }
            for event in events
        }
    firsts = {str(vevent["UID"]): vevent for vevent in first.walk("VEVENT")}
    seconds = {vevent.uid: vevent for vevent in second.events}
    assert set(firsts) == set(seconds) == set(expected), query
    for uid, facts in expected.items():
        vevent, other = firsts[uid], seconds[uid]
        assert str(vevent["SUMMARY"]) == other.summary == facts["summary"]
        assert vevent["DTSTART"].dt == other.dtstart == facts["start"]
        assert vevent["DTEND"].dt == other.dtend == facts["end"]
        assert [str(category) for category in vevent["CATEGORIES"].cats] == [facts["kind"]]
        assert other.categories == [facts["kind"]]
        assert str(vevent.get("LOCATION", "")) == (other.location or "")
        assert str(vevent.get("DESCRIPTION", "")) == (other.description or "")
