"""Migration operations for a model that moves to another app without moving its table.

The model's table keeps its name (Meta.db_table), so the move is a change of
Django's state only (SeparateDatabaseAndState); `MoveContentTypes` relabels
its content type, so that permissions, staff groups and admin history follow.
"""

from django.db import migrations


def _relabel(apps, old_label, new_label, models):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        if ContentType.objects.filter(app_label=new_label, model=model).exists():
            continue  # created already (a database migrated before the move was released)
        ContentType.objects.filter(app_label=old_label, model=model).update(app_label=new_label)


class MoveContentTypes(migrations.RunPython):
    """Relabel the content types of `models` (lower-case names) from `old_label` to `new_label`."""

    def __init__(self, old_label, new_label, models):
        super().__init__(
            lambda apps, schema_editor: _relabel(apps, old_label, new_label, models),
            lambda apps, schema_editor: _relabel(apps, new_label, old_label, models),
        )
