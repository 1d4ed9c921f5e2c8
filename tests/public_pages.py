"""The public pages every quality test visits, on the seeded content (`manage.py seed`).

Paths are given without the language prefix: each is visited under /en/, /ru/ and /kk/.
"""

LANGUAGES = ["en", "ru", "kk"]

# (name, path): a name reads well in a test id.
PAGES = [
    ("home", ""),
    ("directory", "members/"),
    ("member-profile", "members/biom/"),
    ("partner-profile", "members/iucn-central-asia/"),
    ("events", "events/"),
    ("summit", "events/res-2026/"),
    ("consultation", "events/res-2026-consultation-almaty/"),
    ("initiatives", "initiatives/"),
    ("initiative", "initiatives/western-tien-shan-cooperation/"),
    ("partners-data", "data/"),
    ("about", "about/"),
    ("contact", "contact/"),
    ("privacy", "privacy/"),
    # A filter with a wrong value: the page says so in the form.
    ("directory-bad-filter", "members/?country=XX"),
    ("events-bad-filter", "events/?country=XX"),
    ("initiatives-bad-filter", "initiatives/?country=XX"),
    # A filter that narrows: result counts, "remove" links, CSV link with a query.
    ("directory-filtered", "members/?country=KZ&country=KG"),
    # The summary and chips of the filters: their values in words, each removable.
    ("initiatives-filtered", "initiatives/?country=KZ&theme=water-cooperation"),
    ("events-filtered", "events/?country=KZ&theme=supporting-the-climate-transition"),
    # Several values of several facets, each option with its count; the lead and
    # funder lists with their "More" disclosure.
    (
        "initiatives-combined",
        "initiatives/?theme=water-cooperation&theme=biodiversity-conservation"
        "&status=ongoing&status=planned",
    ),
    ("events-combined", "events/?kind=summit&kind=consultation&country=KZ&country=UZ"),
    ("directory-combined", "members/?kind=ngo&kind=school&theme=climate-education"),
    # Nothing matches: no export link, the page says so.
    ("initiatives-empty", "initiatives/?status=planned&year=1990"),
    # Asking for an e-mail alert on a list's filters, and the page after.
    ("alert-initiatives", "alerts/initiatives/?country=KZ"),
    ("alert-requested", "alerts/requested/"),
    ("not-found", "no-such-page/"),
]

NOT_FOUND = {"not-found"}


def url(language, path):
    return f"/{language}/{path}"


def all_pages():
    """[(test id, language, name, path)] for every page in every language."""
    return [
        (f"{language}-{name}", language, name, path)
        for language in LANGUAGES
        for name, path in PAGES
    ]
