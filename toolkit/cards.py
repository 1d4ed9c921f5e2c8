"""The cards of a list page, each rendered once per record and language until content changes.

Twenty cards are most of a list page's work: fetching what they show (leads,
countries, themes) and rendering them. A card depends only on its record, the
records it names and the language, so it is kept in the cache under the
content version (toolkit/cache.py), which any staff save changes. The page
still reads its rows in one query; the cards missing from the cache are then
completed together (one query per relation for all of them), rendered and
stored. So a page runs the same bounded queries with a cold cache and fewer
with a warm one, and a card shared by many filters and pages is drawn once.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .cache import content_version, data_timeout


@dataclass(frozen=True)
class Card:
    """How a model's records are drawn as cards: every list page declares its card this way.

    `relations()` gives what the card shows beyond the record's own fields
    (prefetch_related() arguments), built when used: a Prefetch may name
    models defined after the card.
    """

    template: str
    name: str  # the record's name in the template
    relations: Callable[[], tuple] = tuple


def render_cards(records, card, **context):
    """Each record's card (HTML), in order: `card.template` with the record as `card.name`.

    The card's relations are fetched only for cards missing from the cache.
    `context` is whatever else the card depends on (plain values); it is part
    of the cache key.
    """
    template_name, name = card.template, card.name
    records = list(records)
    if not records:
        return []
    variant = ":".join(f"{key}={value}" for key, value in sorted(context.items()))
    # Today is in the key too: a card may say "ongoing" or "upcoming".
    prefix = (
        f"card:{content_version()}:{timezone.localdate()}:{get_language()}:"
        f"{template_name}:{variant}:"
    )
    keys = [f"{prefix}{record.pk}" for record in records]
    cards = cache.get_many(keys)
    missing = [(key, record) for key, record in zip(keys, records, strict=True) if key not in cards]
    if missing:
        prefetch_related_objects([record for _key, record in missing], *card.relations())
        template = get_template(template_name)
        drawn = {key: str(template.render({**context, name: record})) for key, record in missing}
        cache.set_many(drawn, data_timeout())
        cards.update(drawn)
    # Rendered by our own template with autoescaping: safe to insert as is.
    return [mark_safe(cards[key]) for key in keys]
