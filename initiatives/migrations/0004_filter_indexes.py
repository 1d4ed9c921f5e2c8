"""Indexes for the list's filters: dates with what the totals read, and theme first."""

from django.db import migrations, models

from toolkit.search_indexes import through_table_index


class Migration(migrations.Migration):
    dependencies = [
        ("alliance", "0002_one_alliance_profile"),
        ("initiatives", "0003_search_trigram_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="initiative",
            name="initiative_end",
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                fields=["end_date", "start_date"],
                include=("id", "budget_currency", "budget_amount"),
                name="initiative_period",
            ),
        ),
        through_table_index("initiatives_initiative_themes", "theme_id", "initiative_id"),
    ]
