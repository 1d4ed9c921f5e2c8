"""?theme= on the member directory: the theme's organisations from the index alone."""

from django.db import migrations

from toolkit.search_indexes import through_table_index


class Migration(migrations.Migration):
    dependencies = [("members", "0005_search_trigram_indexes")]

    operations = [
        through_table_index("members_organisation_themes", "theme_id", "organisation_id"),
    ]
