"""Trigram indexes behind the search box, in every language (PostgreSQL only)."""

from django.db import migrations

from toolkit.search_indexes import TrigramIndexes, translated


class Migration(migrations.Migration):
    dependencies = [("members", "0004_listing_indexes")]

    operations = [
        TrigramIndexes("members_organisation", [*translated("name", "short_name", "description", "mission"), "slug"]),
    ]
