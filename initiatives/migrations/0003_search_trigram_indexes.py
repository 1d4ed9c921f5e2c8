"""Trigram indexes behind the search box, in every language (PostgreSQL only)."""

from django.db import migrations

from toolkit.search_indexes import PostgresIndex, TrigramIndexes, translated


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_listing_indexes")]

    operations = [
        PostgresIndex(
            "initiative_listing",
            "initiatives_initiative",
            '"start_date" DESC NULLS LAST, "title_en", "slug"',
        ),
        TrigramIndexes("initiatives_initiative", [*translated("title", "acronym", "summary", "description"), "slug"]),
    ]
