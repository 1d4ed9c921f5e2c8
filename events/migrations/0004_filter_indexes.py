"""?theme= on the events list: the theme's events from the index alone."""

from django.db import migrations

from toolkit.search_indexes import through_table_index


class Migration(migrations.Migration):
    dependencies = [("events", "0003_search_trigram_indexes")]

    operations = [
        through_table_index("events_event_themes", "theme_id", "event_id"),
    ]
