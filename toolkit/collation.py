"""Alphabetical order in the reader's language: ICU on PostgreSQL, its equal on SQLite.

A name sorts by its letters in the reader's alphabet: Kazakh puts Ә after А
and І after Ы, Russian files Ё with Е, and both put Cyrillic before Latin;
English puts Latin first. Quotes, "№" and other punctuation before a name do
not decide its place («Жасыл ел» sorts under Ж).

PostgreSQL: a migration (common 0004) creates one ICU collation per language,
`names_<language>`, from the CLDR locale with punctuation ignorable
(`-u-ka-shifted`); "№" has a letter's weight in ICU (it is "No"), so the
expression strips it, with quotes and spaces, from the front. SQLite: the
same names are registered on every connection as Python functions that
follow ICU's order for these three alphabets (tests compare the two).
"""

import functools
import unicodedata

from django.db.backends.signals import connection_created
from django.db.migrations.operations.base import Operation
from django.db.models import Func, Value
from django.db.models.functions import Collate

# What is stripped from the front of a name before it is compared. The name
# indexes (members 0008, initiatives 0011) hold it: a change needs new ones.
LEADING = "«»\"'„“”‘’‹›`№#*-–—.,:;!?()[] \u00a0"

# The CLDR locale each collation starts from; "ka-shifted" makes punctuation
# and spaces ignorable, as a reader expects of an alphabetical list.
ICU_LOCALES = {
    "en": "en-u-ka-shifted",
    "ru": "ru-u-ka-shifted",
    "kk": "kk-u-ka-shifted",
}


def collation_name(language):
    """The collation of names for readers of `language` (names_en if unknown)."""
    language = (language or "en").split("-")[0]
    return f"names_{language if language in ICU_LOCALES else 'en'}"


class LeadingTrimmed(Func):
    """LTRIM(text, characters): the same two-argument function on PostgreSQL and SQLite."""

    function = "LTRIM"

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(LEADING), **extra)


def collated(expression, language):
    """`expression` (text) to order by in the alphabet of `language`'s readers."""
    return Collate(LeadingTrimmed(expression), collation_name(language))


# --- PostgreSQL: the migration operation ----------------------------------------


class CreateNameCollations(Operation):
    """Create (and on reverse drop) the names_<language> collations on PostgreSQL.

    Hand-written rather than django.contrib.postgres's CreateCollation: that
    one fails where the server was built without ICU; here such a server gets
    copies of its own default order under the same names (as before this
    migration), so queries still run, and the migration says so.
    """

    reversible = True
    reduces_to_sql = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i')")
            has_icu = cursor.fetchone()[0]
        for language, locale in ICU_LOCALES.items():
            name = schema_editor.quote_name(collation_name(language))
            if has_icu:
                options = f"provider = icu, locale = '{locale}'"
                schema_editor.execute(f"CREATE COLLATION IF NOT EXISTS {name} ({options})")
            else:
                schema_editor.execute(f'CREATE COLLATION IF NOT EXISTS {name} FROM "C"')
        if not has_icu:
            print(  # the migration's output: the operator must know
                "\n  PostgreSQL has no ICU: names sort in code-point order "
                "(names_en/ru/kk are copies of C). Rebuild with ICU and run "
                "'migrate common 0003' then 'migrate common' to fix."
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        for language in ICU_LOCALES:
            name = schema_editor.quote_name(collation_name(language))
            schema_editor.execute(f"DROP COLLATION IF EXISTS {name}")

    def describe(self):
        return "Create the collations of names in en, ru and kk (PostgreSQL, ICU)"

    @property
    def migration_name_fragment(self):
        return "name_collations"


# --- SQLite: the same order in Python -------------------------------------------

# Each alphabet in ICU's order for that language (checked against PostgreSQL's
# ICU in tests/toolkit/test_collation.py), a space between letters; letters
# joined by = share a place at the first level (Russian Е=Ё, Kazakh І=Ї).
CYRILLIC = {
    "kk": "а ә б в г=ґ ғ д е ё є ж з и й к қ л м н ң о ө п р с т "
    "у=ў ұ ү ф х һ ц ч ш щ ъ ы і=ї ь э ю я",
    "ru": "а ә б в г=ґ ғ д е=ё є ж з и і=ї й к қ л м н ң о ө п р с т "
    "у=ў ү ұ ф х һ ц ч ш щ ъ ы ь э ю я",
}
CYRILLIC["en"] = CYRILLIC["ru"]

DIGITS, FIRST_SCRIPT, SECOND_SCRIPT, OTHER = 1, 2, 3, 4


def _alphabet(order):
    """{letter: (first-level place, second-level place)} from an order string."""
    places = {}
    for place, group in enumerate(order.split()):
        for variant, letter in enumerate(group.split("=")):
            places[letter] = (place, variant)
    return places


ALPHABETS = {language: _alphabet(order) for language, order in CYRILLIC.items()}


@functools.lru_cache(maxsize=65536)
def sort_key(text, language):
    """ICU's order for `language` as a tuple: letters, then accents, then case (lower first).

    Hand-written because PyICU has no wheels on PyPI (it compiles against the
    system's ICU); three alphabets are a short table.
    """
    cyrillic = ALPHABETS[language]
    cyrillic_group, latin_group = (
        (SECOND_SCRIPT, FIRST_SCRIPT) if language == "en" else (FIRST_SCRIPT, SECOND_SCRIPT)
    )
    primary, secondary, tertiary = [], [], []
    stripped = unicodedata.normalize("NFC", text or "").lstrip(LEADING)
    for char in stripped:
        lower = char.lower()
        if lower in cyrillic:
            place, variant = cyrillic[lower]
            primary.append((cyrillic_group, place))
            secondary.append(variant)
        else:
            base, *marks = unicodedata.normalize("NFD", lower) or " "
            category = unicodedata.category(base)
            if category[0] in "PZSC":
                continue  # punctuation, spaces, symbols: ignorable, like ICU's "shifted"
            if base.isdigit():
                primary.append((DIGITS, unicodedata.digit(base, 0)))
            elif "a" <= base <= "z":
                primary.append((latin_group, ord(base)))
            else:
                primary.append((OTHER, ord(base)))
            secondary.append(sum(ord(mark) for mark in marks))
        tertiary.append(char != lower)
    # Then as PostgreSQL breaks a tie in a deterministic collation: code points.
    return (primary, secondary, tertiary, stripped, text or "")


def _comparison(language):
    def compare(left, right):
        a, b = sort_key(left, language), sort_key(right, language)
        return (a > b) - (a < b)

    return compare


def register_sqlite_collations(sender, connection, **kwargs):
    """On every new SQLite connection: the names_<language> collations."""
    if connection.vendor != "sqlite":
        return
    for language in ICU_LOCALES:
        connection.connection.create_collation(collation_name(language), _comparison(language))


def connect_signals():
    connection_created.connect(register_sqlite_collations, dispatch_uid="toolkit-collations")
