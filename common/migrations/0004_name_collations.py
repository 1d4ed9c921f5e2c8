"""The collations of names in en, ru and kk (toolkit/collation.py): lists sort by the reader's alphabet."""

from django.db import migrations

from toolkit.collation import CreateNameCollations


class Migration(migrations.Migration):
    dependencies = [("common", "0003_region")]

    operations = [CreateNameCollations()]
