"""Trigram indexes behind the search box, in every language (PostgreSQL only)."""

from django.db import migrations

from alliance.search_indexes import TrigramIndexes, translated


class Migration(migrations.Migration):
    dependencies = [("events", "0003_listing_indexes")]

    operations = [
        TrigramIndexes("events_event", [*translated("title", "summary", "description", "city", "venue"), "slug"]),
    ]
