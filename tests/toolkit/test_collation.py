"""Names in the reader's alphabet: ICU collations on PostgreSQL, the Python equal on SQLite."""

import pytest
from django.db import connection
from django.utils import translation

from initiatives.models import Initiative
from members.models import Organisation
from tests.factories import OrganisationFactory
from toolkit.collation import CYRILLIC, ICU_LOCALES, CreateNameCollations, collation_name, sort_key

# Each language's expected order. Kazakh: Ә after А, Ғ after Г, Ё its own letter after Е,
# Ұ before Ү, І after Ы, Cyrillic before Latin. Russian: Ё files with Е. English: Latin
# first. Everywhere: quotes and "№" in front do not count, case does not decide.
EXPECTED = {
    "kk": [
        "12 мектеп",
        "№ 25 мектеп",
        "Абай",
        "«Ақбота» қоры",
        "Әлеуметтік-экологиялық қор",
        "Гүл",
        "Ғалым",
        "Ель",
        "Ёлка",
        "«Жасыл ел»",
        "Кітап",
        "Қазақ",
        "Уақыт",
        "Ұлы дала",
        "Үміт",
        "Ыстық көл",
        "Іле Алатауы",
        "эко",
        "ЭКОЦЕНТР",
        "Abc Fund",
        "Zebra",
    ],
    "ru": [
        "12 школа",
        "№ 25 школа",
        "Абай",
        "«Бота»",
        "Елена",
        "Ёлка",
        "Ель",
        "«Зелёный мир»",
        "Ива",
        "Йога",
        "Эко",
        "ЭКОЦЕНТР",
        "Abc Fund",
        "Zebra",
    ],
    "en": [
        "12 School",
        "№ 25 School",
        "Abc Fund",
        "apple orchard",
        "«Blue Water»",
        "Éclair",
        "Eden",
        "“Green” Planet",
        "Zebra",
        "Банк",
    ],
}


def shuffled(names):
    # A fixed order that is not the expected one (nor code-point order).
    return sorted(names, key=lambda name: name[::-1])


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_sort_key_follows_the_alphabet(language):
    expected = EXPECTED[language]

    assert sorted(shuffled(expected), key=lambda name: sort_key(name, language)) == expected


def test_sort_key_is_not_code_point_order():
    # The issue's own example: code points put Ә (U+04D8) after Э (U+042D).
    assert sorted(["ЭКОЦЕНТР", "Әлеуметтік-экологиялық қор"]) == [
        "ЭКОЦЕНТР",
        "Әлеуметтік-экологиялық қор",
    ]
    assert sort_key("Әлеуметтік-экологиялық қор", "kk") < sort_key("ЭКОЦЕНТР", "kk")


def test_sort_key_puts_lower_case_first_on_a_tie():
    assert sort_key("эко", "ru") < sort_key("Эко", "ru")
    # Ё differs from Е at the second level, case only at the third.
    assert sort_key("елка", "ru") < sort_key("Елка", "ru") < sort_key("ёлка", "ru")


def test_unknown_language_sorts_as_english():
    assert collation_name("de") == "names_en"
    assert collation_name("kk") == "names_kk"
    assert collation_name(None) == "names_en"


# --- In the database: PostgreSQL's ICU, SQLite's registered functions -------------


def make_named(names):
    for position, name in enumerate(shuffled(names)):
        OrganisationFactory(slug=f"o{position}", name_en=name, name_ru=name, name_kk=name)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_by_name_in_the_database_follows_the_alphabet(language):
    make_named(EXPECTED[language])

    with translation.override(language):
        names = [organisation.name for organisation in Organisation.objects.by_name("slug")]

    assert names == EXPECTED[language]


@pytest.mark.django_db
def test_by_name_uses_the_name_the_reader_is_shown():
    # No Kazakh name: the Kazakh reader sees (and sorts by) the Russian one.
    OrganisationFactory(slug="a", name_en="Zebra", name_ru="Әлем", name_kk="")
    OrganisationFactory(slug="b", name_en="Apple", name_ru="Эко", name_kk="Эко")

    with translation.override("kk"):
        kazakh = list(Organisation.objects.by_name().values_list("slug", flat=True))
    with translation.override("en"):
        english = list(Organisation.objects.by_name().values_list("slug", flat=True))

    assert kazakh == ["a", "b"]
    assert english == ["b", "a"]


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="ICU collations exist on PostgreSQL only; SQLite's equal is tested above",
)


@needs_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_python_order_equals_icu_order(language):
    """SQLite's functions give PostgreSQL's order: every letter, both cases, in pairs."""
    letters = [letter for group in CYRILLIC[language].split() for letter in group.split("=")]
    letters += ["a", "é", "e", "z", "0", "9"]
    words = [f"{first}{second}" for first in letters for second in ("а", "я", "b")]
    words += [word.upper() for word in words] + [f"«{word}»" for word in words[:20]]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT w FROM unnest(%s::text[]) AS w "
            f'ORDER BY ltrim(w, %s) COLLATE "{collation_name(language)}", w',
            [words, "«»№ "],
        )
        icu = [row[0] for row in cursor.fetchall()]

    python = sorted(words, key=lambda word: sort_key(word, language))

    assert python == icu


@needs_postgresql
@pytest.mark.django_db
def test_migration_creates_icu_collations_and_reverse_drops_them():
    def collations():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT collname, colliculocale FROM pg_collation WHERE collname LIKE 'names\\_%%'"
            )
            return dict(cursor.fetchall())

    assert collations() == {f"names_{code}": locale for code, locale in ICU_LOCALES.items()}

    # Inside the test's transaction: PostgreSQL's DDL rolls back with it. The name
    # indexes go first, as unwinding their migrations (which depend on this one) does.
    operation = CreateNameCollations()
    with connection.schema_editor(atomic=False) as editor:
        for model in (Organisation, Initiative):
            for index in model._meta.indexes:
                if index.name.endswith(("_en", "_ru", "_kk")) and "_by_" in index.name:
                    editor.remove_index(model, index)
        operation.database_backwards("common", editor, None, None)
        dropped = collations()
        operation.database_forwards("common", editor, None, None)

    assert dropped == {}
    assert set(collations()) == {"names_en", "names_ru", "names_kk"}
