"""Initiatives as IATI activities (standard 2.03), for partners' aid-management systems.

The file validates against the IATI activity schema 2.03 (vendored in
`iati_schema/2.03/`). Choices the standard leaves to the publisher:

- The alliance reports on initiatives that others lead and fund, so its
  reporting-org is a secondary reporter (`secondary-reporter="1"`).
- The file passes IATI's own rules (the Standard Ruleset 2.03, vendored in
  `iati_rulesets/2.03/` and evaluated by `iati_rules` in the tests) with no
  error, without inventing a fact:
- Status and dates agree with the portal's derived status. A start that has
  passed is an actual start (type 2) only when the source gives its day; a
  start known to the month or year, or still ahead, is a planned one (1),
  sent as the first day of its period with a narrative saying what is known
  ("2024"). Likewise the end: actual (4) for a completed initiative whose end
  day is known, planned (3) otherwise. No actual date lies in the future.
- Recipients: see add_recipients (the countries and regions an initiative
  covers, with shares when the source gives every one; else one region, the
  one it covers or that holds its countries, and the countries as locations).
- Sectors: the themes' IATI sectors (ThemeSector, edited by staff), each
  theme weighing the same, percentages adding up to 100 per vocabulary.
  Themes are also tags in the alliance's own vocabulary (99).
- The budget, one amount for the whole initiative as sources give it, is a
  commitment transaction (add_commitment), with its note when it is only a
  share ("IUCN's budget share"): an IATI budget may span a year at most.
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
from collections import Counter, defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from lxml import etree

from common.dates import DatePrecision, format_partial_date, format_period
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
    ThemeSector,
)

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# OECD DAC region codes (IATI Region codelist, vocabulary 1), which common.Region keeps.
DAC_REGIONS = "1"
CENTRAL_ASIA_REGION = "619"
UNSPECIFIED_REGION = "998"
REGION_NAMES = {
    CENTRAL_ASIA_REGION: _("Central Asia, regional"),
    UNSPECIFIED_REGION: _("Developing countries, unspecified"),
}
# The countries of DAC region 619.
CENTRAL_ASIAN_COUNTRIES = frozenset({"KG", "KZ", "TJ", "TM", "UZ"})
# IATI GeographicVocabulary A4: ISO 3166-1 alpha-2 country codes.
ISO_COUNTRY = "A4"
# IATI TransactionType 2: (outgoing) commitment.
COMMITMENT = "2"
# IATI SectorVocabulary 1: OECD DAC CRS purpose codes (5 digits).
DAC_5 = "1"
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
    """The initiatives that can be IATI activities: dated, with a (published) organisation."""
    return queryset.filter(start_date__isnull=False).filter(
        Exists(Participation.objects.shown().filter(initiative=OuterRef("pk")))
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
            Participation.objects.shown()
            .filter(initiative__in=ids)
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
        self.regions = rest_by_first_value(
            RegionShare.objects.filter(initiative__in=ids)
            .order_by("initiative", "region__code")
            .values_list("initiative", "percentage", "region__code", *in_languages("region__name"))
        )
        self.themes = rest_by_first_value(
            Initiative.themes.through.objects.filter(initiative__in=ids)
            .order_by("initiative", "theme__position", "theme__slug")
            .values_list("initiative", "theme__slug", *in_languages("theme__name"))
        )

    def of(self, initiative, relation):
        return getattr(self, relation).get(initiative.pk, ())


class Region(NamedTuple):
    code: str  # OECD DAC (IATI Region codelist, vocabulary 1)
    names: dict  # {language: name}


@functools.lru_cache(maxsize=8)
def region_names(code):
    return in_each_language(lambda: str(REGION_NAMES[code]))


def format_percentage(percentage):
    return f"{percentage.normalize():f}"


def standing_region(shares, regions):
    """The one region that stands for an initiative whose recipients' shares are not all known.

    The region it covers (RegionShare), when there is one; else the DAC region
    that holds its countries, 619 for Central Asian countries; else 998,
    "developing countries, unspecified" (IATI wants a country or a region on
    every activity, and a share on each of several).
    """
    if len(regions) == 1:
        return Region(regions[0][1], row_names(regions[0]))
    codes = {share[1] for share in shares}
    code = CENTRAL_ASIA_REGION if codes and codes <= CENTRAL_ASIAN_COUNTRIES else UNSPECIFIED_REGION
    return Region(code, region_names(code))


def add_recipients(activity, initiative, relations):
    """Recipient countries and regions, with shares when the source gives every one; locations.

    IATI's rules (3.1.1, 3.1.2, 3.4.2) want a percentage on each of several
    recipients, countries and regions together adding up to 100; shares are
    never invented. Without them the activity has one recipient region
    (standing_region) and its countries are locations (ISO codes, no share),
    as are further regions; a geographic scope no region names is a location too.
    """
    shares = relations.of(initiative, "shares")
    regions = relations.of(initiative, "regions")
    recipients = [*shares, *regions]
    percentages = [row[0] for row in recipients]
    with_percentages = bool(recipients) and None not in percentages and sum(percentages) == 100
    named = set()
    if with_percentages or len(recipients) == 1:
        for tag, rows, extra in [
            ("recipient-country", shares, {}),
            ("recipient-region", regions, {"vocabulary": DAC_REGIONS}),
        ]:
            for row in rows:
                percentage, code = row[:2]
                recipient = add(activity, tag, code=code, **extra)
                if with_percentages:
                    recipient.set("percentage", format_percentage(percentage))
                add_narratives(recipient, row_names(row))
                named.add(row_names(row)["en"].strip().lower())
        places = []
    else:
        region = standing_region(shares, regions)
        element = add(activity, "recipient-region", code=region.code, vocabulary=DAC_REGIONS)
        add_narratives(element, region.names)
        named.add(region.names["en"].strip().lower())
        places = [row for row in regions if row[1] != region.code] + list(shares)
    for row in places:
        location = add(activity, "location")
        add_narratives(add(location, "name"), row_names(row))
        if row in shares:
            add(location, "administrative", vocabulary=ISO_COUNTRY, code=row[1])
        named.add(row_names(row)["en"].strip().lower())
    # A scope that nothing above names ("Western Tien-Shan World Heritage serial site").
    scope = translations(initiative, "geographic_scope")
    if any(scope.values()) and scope["en"].strip().lower() not in named:
        add_narratives(add(add(activity, "location"), "name"), scope)


def split_hundred(weights):
    """Percentages in proportion to `weights`, to the hundredth, adding up to exactly 100.

    The hundredths that rounding down leaves go to the largest remainders.
    """
    total = sum(weights)
    hundredths = [weight * 10000 // total for weight in weights]
    by_remainder = sorted(range(len(weights)), key=lambda i: -(weights[i] * 10000 % total))
    for index in by_remainder[: 10000 - sum(hundredths)]:
        hundredths[index] += 1
    return [Decimal(value) / 100 for value in hundredths]


class Sectors:
    """The IATI sectors of each theme (ThemeSector, staff's mapping): one query per document."""

    def __init__(self):
        self.of_theme = defaultdict(list)
        rows = ThemeSector.objects.order_by("vocabulary").values_list(
            "theme__slug", "vocabulary", "code"
        )
        for slug, vocabulary, code in rows:
            self.of_theme[slug].append((vocabulary, code))

    def of(self, theme_slugs):
        """[(vocabulary, code, percentage)]: each theme weighs the same within a vocabulary.

        An initiative none of whose themes has a DAC 5-digit sector gets
        settings.IATI_DEFAULT_SECTOR (99810, "sectors not specified"): IATI
        wants a sector on every activity (6.2.2), and a DAC one beside any other
        vocabulary (102.1.1).
        """
        counts = defaultdict(Counter)  # vocabulary: {code: themes}
        for slug in theme_slugs:
            for vocabulary, code in self.of_theme.get(slug, ()):
                counts[vocabulary][code] += 1
        if DAC_5 not in counts:
            counts[DAC_5][settings.IATI_DEFAULT_SECTOR] = 1
        sectors = []
        for vocabulary in sorted(counts, key=int):
            codes = counts[vocabulary]
            for code, percentage in zip(codes, split_hundred(list(codes.values())), strict=True):
                sectors.append((vocabulary, code, percentage))
        return sectors


def add_sectors(activity, initiative, relations, sectors):
    themes = [theme[0] for theme in relations.of(initiative, "themes")]
    for vocabulary, code, percentage in sectors.of(themes):
        add(activity, "sector", vocabulary=vocabulary, code=code, percentage=f"{percentage:f}")


def add_dates(element, initiative, status):
    """Activity dates: actual (2, 4) only for a day the source gives and that has passed.

    A start or end known only to the month or year is a planned date (1, 3) at
    the edge of its period, with a narrative saying what is known: "2024" is
    no actual day.
    """
    started = status != InitiativeStatus.PLANNED
    exact_start = initiative.start_precision == DatePrecision.DAY
    start_type = "2" if started and exact_start else "1"
    add_date(element, start_type, initiative.start_date, initiative.start_precision)
    if initiative.end_date:
        ended = status == InitiativeStatus.COMPLETED
        exact_end = initiative.end_precision == DatePrecision.DAY
        end_type = "4" if ended and exact_end else "3"
        add_date(element, end_type, initiative.end_date, initiative.end_precision)


WHOLE_BUDGET = _(
    "The budget of the whole initiative (%(period)s), as the source gives it; "
    "it is not broken down by year."
)
PARTIAL_BUDGET = _("Budget (%(period)s), as the source gives it: %(note)s.")
NO_COMMITMENT_DATE = _(
    "The source gives no date of commitment: the date shown is the initiative's start "
    "(while the start is ahead, the day its record last changed)."
)


@functools.lru_cache(maxsize=2048)
def budget_narratives(start, start_precision, end, end_precision, notes):
    """What the amount is, in each language; `notes` is the budget's note by language."""
    notes = dict(notes)

    def text():
        period = format_period(start, start_precision, end, end_precision)
        note = notes[translation.get_language()] or notes["en"]
        if note:
            what = PARTIAL_BUDGET % {"period": period, "note": note.rstrip(".")}
        else:
            what = WHOLE_BUDGET % {"period": period}
        return f"{what} {NO_COMMITMENT_DATE}"

    return in_each_language(text)


def add_commitment(element, initiative):
    """The budget as one commitment transaction (type 2), with what it covers.

    Sources give one amount for a whole initiative of several years; IATI's
    budget element may span a year at most (rule 7.5.3), and splitting the
    amount by year would invent figures. The standard's own place for the
    total committed to an activity is a commitment transaction. Its date: the
    start, or (while the start is ahead) the day the record last changed, as
    neither a transaction's date nor its value date may lie in the future.
    """
    if initiative.budget_amount is None:
        return
    day = min(initiative.start_date, initiative.updated_at.date()).isoformat()
    transaction = add(element, "transaction")
    add(transaction, "transaction-type", code=COMMITMENT)
    add(transaction, "transaction-date", iso_date=day)
    add(
        transaction,
        "value",
        f"{initiative.budget_amount:f}",
        currency=initiative.budget_currency,
        value_date=day,
    )
    notes = tuple(translations(initiative, "budget_note").items())
    narratives = budget_narratives(
        initiative.start_date,
        initiative.start_precision,
        initiative.end_date,
        initiative.end_precision,
        notes,
    )
    add_narratives(add(transaction, "description"), narratives)


def activity(initiative, reporter, pages, relations, sectors):
    """One iati-activity element.

    `pages` gives the initiative's page in each language (PageUrls), `relations`
    its organisations, countries and themes (Relations), `sectors` the IATI
    sectors of its themes (Sectors).
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
    add_dates(element, initiative, status)
    add_recipients(element, initiative, relations)
    add_sectors(element, initiative, relations, sectors)
    for theme in relations.of(initiative, "themes"):
        tag = add(
            element,
            "tag",
            code=theme[0],
            vocabulary="99",
            vocabulary_uri=reporter.themes_url,
        )
        add_narratives(tag, row_names(theme))
    add_commitment(element, initiative)

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
            sectors = None
            written = 0
            # Relations are read per chunk by Relations, not prefetched as models.
            # Closed as soon as this ends, even by an error: its database cursor with it.
            rows = initiatives.prefetch_related(None).iterator(chunk_size=CHUNK_SIZE)
            with contextlib.closing(rows):
                while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
                    relations = Relations(chunk)
                    sectors = sectors or Sectors()  # read once, with the first chunk
                    for initiative in chunk:
                        element = activity(initiative, reporter, pages, relations, sectors)
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
