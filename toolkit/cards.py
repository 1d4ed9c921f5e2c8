"""The cards of a list page, each rendered once per record and language until content changes.

Twenty cards are most of a list page's work: fetching what they show (leads,
countries, themes) and rendering them. A card depends only on its record, the
records it names and the language, so it is kept in the cache under the
content version (alliance/cache.py), which any staff save changes. The page
still reads its rows in one query; the cards missing from the cache are then
completed together (one query per relation for all of them), rendered and
stored. So a page runs the same bounded queries with a cold cache and fewer
with a warm one, and a card shared by many filters and pages is drawn once.
"""

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .cache import content_version, data_timeout


def render_cards(records, template_name, name, prefetch=(), **context):
    """Each record's card (HTML), in order: `template_name` with the record as `name`.

    `prefetch` lists the relations the card shows, fetched only for cards
    missing from the cache. `context` is whatever else the card depends on
    (plain values); it is part of the cache key.
    """
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
        prefetch_related_objects([record for _key, record in missing], *prefetch)
        template = get_template(template_name)
        drawn = {key: str(template.render({**context, name: record})) for key, record in missing}
        cache.set_many(drawn, data_timeout())
        cards.update(drawn)
    # Rendered by our own template with autoescaping: safe to insert as is.
    return [mark_safe(cards[key]) for key in keys]
