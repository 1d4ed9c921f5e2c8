import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """EventRole is EventParticipation, as in initiatives; its table and content type follow."""

    dependencies = [
        ("events", "0005_moved_out"),
        ("members", "0007_moved_out"),
    ]

    operations = [
        migrations.RenameModel("EventRole", "EventParticipation"),
        migrations.AlterField(
            model_name="eventparticipation",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="participations",
                to="events.event",
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="eventparticipation",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="event_participations",
                to="members.organisation",
                verbose_name="organisation",
            ),
        ),
    ]
