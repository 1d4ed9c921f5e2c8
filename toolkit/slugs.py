"""Slugs (ASCII) from a name in any of the portal's languages: Cyrillic is transliterated.

Hand-written: Django's slugify drops Cyrillic letters, and the Russian and
Kazakh letters fit in one table.
"""

from django.utils.text import slugify

# Russian and Kazakh letters in Latin, for slugs (which are ASCII).
CYRILLIC_TO_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
        **{"ё": "yo", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
        **{"ю": "yu", "я": "ya", "ъ": "", "ь": ""},
        **dict(zip("әғқңөұүһі", "agqnouuhi", strict=True)),
    }
)


def latin_slug(text, max_length=None):
    """'Экологический центр' -> 'ekologicheskiy-tsentr' (at most `max_length` characters)."""
    slug = slugify(str(text).lower().translate(CYRILLIC_TO_LATIN))
    if max_length:
        slug = slug[:max_length].strip("-")
    return slug


def unique_slug(model, text, fallback, *, exclude_pk=None):
    """A slug from `text` that no other record of `model` has: 'name', 'name-2', 'name-3'..."""
    max_length = model._meta.get_field("slug").max_length
    base = latin_slug(text, max_length - 4) or fallback
    others = model._default_manager.exclude(pk=exclude_pk) if exclude_pk else model._default_manager
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
