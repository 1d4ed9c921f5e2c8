"""What other apps add to members' pages: members defines the hooks, the apps above fill them.

Events and initiatives name organisations (organisers, leads, funders...);
members knows neither app. Each of them describes, in its AppConfig.ready(),
the records an organisation takes part in as a `ProfileSection`, and the
profile page and the API's organisation detail show every section, in the
order the apps are installed. Likewise the applications app adds its "apply
to join" link to the directory (`DirectoryLink`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class ProfileSection:
    """The records of one app that an organisation takes part in, with its role in each."""

    key: str  # the API's field and the section's name: "events"
    heading: str  # the page's heading, lazily translated
    related_name: str  # the organisation's rows in that app: "event_participations"
    record: str  # what a row is about: "event"
    rows: Callable[[], QuerySet]  # every row, with its record joined, in the profile's order
    serializer: type  # the API's representation of one row
    # A template drawn at the head of each record's line, given it as `record`
    # (an event that is over says "Past"); "" for none.
    marker: str = ""

    def groups(self, organisation):
        """[(record, [row, row]), ...] for the page: one entry per record, however many roles."""
        groups = {}
        for row in self.rows().filter(organisation=organisation):
            groups.setdefault(getattr(row, self.record), []).append(row)
        return list(groups.items())


PROFILE_SECTIONS: list[ProfileSection] = []


def add_profile_section(section):
    PROFILE_SECTIONS.append(section)


@dataclass(frozen=True)
class DirectoryLink:
    """A link under the member directory's introduction: "Apply to join the alliance"."""

    text: str  # lazily translated
    url_name: str


DIRECTORY_LINKS: list[DirectoryLink] = []


def add_directory_link(link):
    DIRECTORY_LINKS.append(link)
