"""Trigram indexes behind the search box, in every language (PostgreSQL only)."""

from django.db import migrations

from toolkit.search_indexes import PostgresIndex, TrigramIndexes, translated


class Migration(migrations.Migration):
    dependencies = [("events", "0002_registration")]

    operations = [
        PostgresIndex(
            "event_latest", "events_event", '"start_date" DESC NULLS LAST, "title_en", "slug"'
        ),
        TrigramIndexes("events_event", [*translated("title", "summary", "description", "city", "venue"), "slug"]),
    ]
