"""A consultation series: an event (a summit) and the consultations held to prepare it.

The consultations are the event's parts of the kind "consultation" (their
"part of" is the summit). The summit's page shows the whole series as a
timeline, the summit itself in its place by date; each consultation's page
shows where it sits in it ("Consultation 2 of 9"), with the step before and
after. Built from what the page has read, plus one query on a consultation's
page (its fellow consultations), however long the series.
"""

import datetime
from dataclasses import dataclass

from .models import Event, EventKind


@dataclass(frozen=True)
class Step:
    """One event of a series, as its timeline shows it."""

    event: Event
    number: int | None  # its number among the consultations; None for the summit
    current: bool  # the page's own event
    parts: tuple = ()  # what the full timeline nests under it (side events, segments)


@dataclass(frozen=True)
class Series:
    head: Event
    steps: tuple  # the consultations and the head, by date
    total: int  # how many consultations
    on_head_page: bool  # the summit's page (the full timeline), or a consultation's

    @property
    def index(self):
        return next(index for index, step in enumerate(self.steps) if step.current)

    @property
    def number(self):
        """The page's consultation's number in the series."""
        return self.steps[self.index].number

    @property
    def previous(self):
        index = self.index
        return self.steps[index - 1].event if index > 0 else None

    @property
    def next(self):
        index = self.index
        return self.steps[index + 1].event if index + 1 < len(self.steps) else None


def by_date(event):
    """Timeline order (EventQuerySet.in_timeline_order): by date and time, undated last."""
    return (
        event.start_date is None,
        event.start_date or datetime.date.min,
        event.start_time is None,
        event.start_time or datetime.time.min,
    )


def consultations(shown):
    """The published consultations, and `shown` (a draft's own page, previewed by staff)."""
    held = Event.objects.filter(kind=EventKind.CONSULTATION)
    return (held.published() | held.filter(pk=shown.pk)).select_related("country")


def series_of(event):
    """The series `event` (read by EventQuerySet.for_detail) heads or is a consultation of.

    None for an event in no series. A consultation's own parts and a summit's
    parts of other kinds are nested on the summit's page only.
    """
    # A draft summit is never named: its consultations show no series.
    head = event.public_parent
    if event.kind == EventKind.CONSULTATION and head is not None:
        held = consultations(event).filter(parent=head).in_timeline_order()
        return build(head, list(held), current=event, head_parts=())
    children = list(event.children.all())
    held = [child for child in children if child.kind == EventKind.CONSULTATION]
    if not held:
        return None
    others = tuple(child for child in children if child.kind != EventKind.CONSULTATION)
    return build(event, held, current=event, head_parts=others, nested=True)


def build(head, held, *, current, head_parts, nested=False):
    steps = [
        Step(
            event=consultation,
            number=number,
            current=consultation.pk == current.pk,
            parts=tuple(consultation.children.all()) if nested else (),
        )
        for number, consultation in enumerate(held, start=1)
    ]
    steps.append(Step(event=head, number=None, current=head.pk == current.pk, parts=head_parts))
    # A stable sort: the consultations keep their order, the head comes after those of its day.
    steps.sort(key=lambda step: by_date(step.event))
    return Series(head=head, steps=tuple(steps), total=len(held), on_head_page=head is current)
