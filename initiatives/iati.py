"""Initiatives as IATI activities (standard 2.03), for partners' aid-management systems.

The file validates against the IATI activity schema 2.03 (vendored in
`iati_schema/2.03/`). Choices the standard leaves to the publisher:

- The alliance reports on initiatives that others lead and fund, so its
  reporting-org is a secondary reporter (`secondary-reporter="1"`).
- Status and dates agree with the portal's derived status. A start that has
  passed (ongoing or completed) is an actual start (type 2), a start still
  ahead a planned one (1); the end of a completed initiative is an actual end
  (4), any other end a planned one (3). So no actual date lies in the future
  and a pipeline activity has no actual date, as IATI's rules require.
  A date known only to the month or year is sent as the first (start) or
  last (end) day of that period, with a narrative saying what is known.
- Countries and regions carry a percentage only when every one of them has
  one and they add up to 100: the standard's rule; shares are never invented.
  The regions an initiative covers (RegionShare) are recipient-regions with
  their OECD DAC code (vocabulary 1: 619 "Central Asia, regional").
- Themes become tags in the alliance's own vocabulary (99).
- The budget is one indicative, original budget over the whole initiative, as
  sources give it. IATI advises periods of at most a year; splitting would
  invent figures, so the portal does not.
- An IATI activity needs a date, a status and a participating organisation:
  initiatives lacking a start date or any organisation are left out.

The document is written activity by activity with lxml's incremental writer
and handed out in pieces, so its size never sits in memory: the initiatives
are read a chunk at a time (with their relations), and each activity is
serialised and dropped before the next is built. The bytes are those
etree.tostring(..., pretty_print=True) gave for the whole tree.
"""

import contextlib
import functools
import itertools
import re
from typing import NamedTuple

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from lxml import etree

from common.dates import DatePrecision, format_partial_date
from common.models import AllianceProfile
from toolkit.api.fields import LANGUAGE_CODES, in_each_language, translations
from toolkit.models import AddressBySlug

from .exports import rest_by_first_value
from .models import (
    CountryShare,
    Initiative,
    InitiativeStatus,
    Participation,
    ParticipationRole,
    RegionShare,
)

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# IATI RegionVocabulary 1: OECD DAC region codes, which common.Region keeps.
DAC_REGIONS = "1"
# IATI DocumentCategory A12: "Activity web page".
ACTIVITY_WEB_PAGE = "A12"

# IATI OrganisationType, where an organisation's kind says it unambiguously;
# an NGO, say, may be national or international, so it gets no type.
ORGANISATION_TYPES = {
    "government_body": "10",
    "international_organisation": "40",
    "un_body": "40",
    "development_bank": "40",
    "public_foundation": "60",
    "company": "70",
    "school": "80",
    "university": "80",
    "research_institute": "80",
    "think_tank": "80",
}

# Initiatives read (with their relations) per round trip, and activities
# written between two pieces handed out.
CHUNK_SIZE = 500
PIECE_SIZE = 100

# Characters XML 1.0 cannot hold (pasted text sometimes brings them).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Reporter(NamedTuple):
    """The reporting organisation: the alliance."""

    ref: str  # its IATI organisation identifier
    type: str  # IATI OrganisationType
    names: dict  # {language: name}
    themes_url: str  # where the vocabulary of its theme tags is defined


def reporter(absolute):
    """The alliance as IATI's reporting organisation: one query, for its names."""
    profile = AllianceProfile.current()
    names = translations(profile, "name") if profile else {"en": "TsAKO"}
    return Reporter(
        ref=settings.IATI_REPORTING_ORG_REF,
        type=settings.IATI_REPORTING_ORG_TYPE,
        names=names,
        themes_url=absolute(reverse("api:theme-list")),
    )


def reportable(queryset):
    """The initiatives that can be IATI activities: dated, with an organisation."""
    return queryset.filter(start_date__isnull=False).filter(
        Exists(Participation.objects.filter(initiative=OuterRef("pk")))
    )


def add(parent, tag, text=None, **attributes):
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    if text is not None:
        element.text = NOT_XML.sub("", text)
    return element


def add_narratives(parent, texts):
    """One narrative per language that has a text, each with its xml:lang."""
    for code, text in texts.items():
        if text:
            add(parent, "narrative", text).set(XML_LANG, code)
    return parent


def first_filled(*candidates):
    """Per language, the first of the candidates' texts that is not empty."""
    return {
        code: next((texts[code] for texts in candidates if texts[code]), "")
        for code in LANGUAGE_CODES
    }


@functools.lru_cache(maxsize=2048)
def partial_date_narratives(value, precision):
    """ "March 2019" in each language; many initiatives share a month or a year."""
    return in_each_language(lambda: format_partial_date(value, precision))


def add_date(parent, kind, value, precision):
    element = add(parent, "activity-date", type=kind, iso_date=value.isoformat())
    if precision != DatePrecision.DAY:
        add_narratives(element, partial_date_narratives(value, precision))


def row_names(row):
    """{"en": ..., "ru": ..., "kk": ...} from a row's last columns, one per language."""
    texts = row[-len(LANGUAGE_CODES) :]
    return {code: text or "" for code, text in zip(LANGUAGE_CODES, texts, strict=True)}


def in_languages(field):
    return [f"{field}_{code}" for code in LANGUAGE_CODES]


class Relations:
    """Who took part, where and on what, for a chunk of initiatives: read as values.

    Four queries a chunk, each joined to the names it shows. As prefetched
    models (an organisation per participation, a country per share, with
    modeltranslation's fields) building them took half the file's time; the
    CSV export reads its relations the same way (exports.Relations).
    """

    def __init__(self, chunk):
        ids = [initiative.pk for initiative in chunk]
        self.participations = rest_by_first_value(
            Participation.objects.filter(initiative__in=ids)
            .order_by("initiative", "position", "pk")
            .values_list(
                "initiative", "role", "organisation__kind", *in_languages("organisation__name")
            )
        )
        self.shares = rest_by_first_value(
            CountryShare.objects.filter(initiative__in=ids)
            .order_by("initiative", "country__code")
            .values_list(
                "initiative", "percentage", "country__code", *in_languages("country__name")
            )
        )
        self.regions = recipient_regions(ids)
        self.themes = rest_by_first_value(
            Initiative.themes.through.objects.filter(initiative__in=ids)
            .order_by("initiative", "theme__position", "theme__slug")
            .values_list("initiative", "theme__slug", *in_languages("theme__name"))
        )

    def of(self, initiative, relation):
        return getattr(self, relation).get(initiative.pk, ())


def recipient_regions(initiative_ids):
    """{initiative id: [(percentage, OECD DAC region code, name_en, name_ru, name_kk)]}."""
    return rest_by_first_value(
        RegionShare.objects.filter(initiative__in=initiative_ids)
        .order_by("initiative", "region__code")
        .values_list("initiative", "percentage", "region__code", *in_languages("region__name"))
    )


def add_recipients(activity, initiative, relations):
    shares = relations.of(initiative, "shares")
    regions = relations.of(initiative, "regions")
    percentages = [percentage for percentage, *_rest in [*shares, *regions]]
    with_percentages = None not in percentages and sum(percentages) == 100
    for tag, rows, extra in [
        ("recipient-country", shares, {}),
        ("recipient-region", regions, {"vocabulary": DAC_REGIONS}),
    ]:
        for row in rows:
            percentage, code = row[:2]
            recipient = add(activity, tag, code=code, **extra)
            if with_percentages:
                recipient.set("percentage", f"{percentage.normalize():f}")
            add_narratives(recipient, row_names(row))


def activity(initiative, reporter, pages, relations):
    """One iati-activity element.

    `pages` gives the initiative's page in each language (PageUrls), `relations`
    its organisations, countries and themes (Relations).
    """
    status = initiative.status
    element = etree.Element(
        "iati-activity",
        {
            "last-updated-datetime": initiative.updated_at.isoformat(timespec="seconds"),
            XML_LANG: "en",
        },
    )
    if initiative.budget_currency:
        element.set("default-currency", initiative.budget_currency)
    add(element, "iati-identifier", f"{reporter.ref}-{initiative.slug}")
    reporting = add(
        element, "reporting-org", ref=reporter.ref, type=reporter.type, secondary_reporter="1"
    )
    add_narratives(reporting, reporter.names)

    title = translations(initiative, "title")
    add_narratives(add(element, "title"), title)
    description = first_filled(
        translations(initiative, "description"), translations(initiative, "summary")
    )
    if not any(description.values()):
        description = title  # IATI requires a description; the title is all there is
    add_narratives(add(element, "description", type="1"), description)

    for participation in relations.of(initiative, "participations"):
        role, organisation_kind = participation[:2]
        participant = add(element, "participating-org", role=ParticipationRole(role).iati_code)
        if kind := ORGANISATION_TYPES.get(organisation_kind):
            participant.set("type", kind)
        add_narratives(participant, row_names(participation))

    add(element, "activity-status", code=status.iati_code)
    started = status != InitiativeStatus.PLANNED
    add_date(element, "2" if started else "1", initiative.start_date, initiative.start_precision)
    if initiative.end_date:
        ended = status == InitiativeStatus.COMPLETED
        add_date(element, "4" if ended else "3", initiative.end_date, initiative.end_precision)

    add_recipients(element, initiative, relations)
    for theme in relations.of(initiative, "themes"):
        tag = add(
            element,
            "tag",
            code=theme[0],
            vocabulary="99",
            vocabulary_uri=reporter.themes_url,
        )
        add_narratives(tag, row_names(theme))

    if initiative.budget_amount is not None and initiative.end_date:
        budget = add(element, "budget", type="1", status="1")
        add(budget, "period-start", iso_date=initiative.start_date.isoformat())
        add(budget, "period-end", iso_date=initiative.end_date.isoformat())
        add(
            budget,
            "value",
            f"{initiative.budget_amount:f}",
            currency=initiative.budget_currency,
            value_date=initiative.start_date.isoformat(),
        )

    links = [(url, {code: title[code] or title["en"]}, code) for code, url in pages.of(initiative)]
    if initiative.website:
        links.append((initiative.website, title, None))
    for url, link_title, language in links:
        link = add(element, "document-link", url=url, format="text/html")
        add_narratives(add(link, "title"), link_title)
        add(link, "category", code=ACTIVITY_WEB_PAGE)
        if language:
            add(link, "language", code=language)
    return element


class PageUrls:
    """An initiative's page in each language, as a full URL, reversed once per language.

    The full address differs only by the slug (AddressBySlug says why it matters).
    """

    def __init__(self, absolute):
        address, placeholder = AddressBySlug(Initiative), AddressBySlug.PLACEHOLDER
        self.around = {
            code: absolute(address(placeholder, code)).rpartition(placeholder)
            for code in LANGUAGE_CODES
        }

    def of(self, initiative):
        return [
            (code, f"{before}{initiative.slug}{after}")
            for code, (before, _placeholder, after) in self.around.items()
        ]


class _Pieces:
    """Where lxml's incremental writer writes: kept until handed out."""

    def __init__(self):
        self.pieces = []

    def write(self, data):
        self.pieces.append(data)

    def take(self):
        data = b"".join(self.pieces)
        self.pieces.clear()
        return data


def document(initiatives, reporter, absolute, generated_at):
    """The iati-activities document as UTF-8 bytes, in pieces.

    The first piece is the head: the XML declaration and the opening tag,
    which carries the time the document was generated. Then the activities,
    PIECE_SIZE at a time, and the end. `initiatives` is a queryset, read
    CHUNK_SIZE at a time, with three queries a chunk for its relations.

    With no initiative it holds no iati-activity, which the schema does not
    allow (it wants at least one): there is no valid empty IATI file.
    """
    pieces = _Pieces()
    generated = generated_at.isoformat(timespec="seconds")
    attributes = {"version": VERSION, "generated-datetime": generated}
    with etree.xmlfile(pieces, encoding="UTF-8") as xml:
        xml.write_declaration()
        with xml.element("iati-activities", attributes):
            xml.flush()
            yield pieces.take()
            pages = PageUrls(absolute)
            written = 0
            # Relations are read per chunk by Relations, not prefetched as models.
            # Closed as soon as this ends, even by an error: its database cursor with it.
            rows = initiatives.prefetch_related(None).iterator(chunk_size=CHUNK_SIZE)
            with contextlib.closing(rows):
                while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
                    relations = Relations(chunk)
                    for initiative in chunk:
                        element = activity(initiative, reporter, pages, relations)
                        # As pretty_print indents a child of the root.
                        etree.indent(element, level=1)
                        xml.write("\n  ", element)
                        written += 1
                        if written % PIECE_SIZE == 0:
                            xml.flush()
                            yield pieces.take()
            if written:
                xml.write("\n")
    yield pieces.take() + b"\n"
