from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    """What any app may use and that knows no app: page cache, cards, forms' guards, the API's base.

    An app only for its template tags and the page cache's signals; it has no models.
    """

    name = "toolkit"

    def ready(self):
        from . import collation
        from .cache import connect_signals

        # Staff edits of public content make every cached public page stale.
        connect_signals()
        # SQLite connections learn the names_<language> collations.
        collation.connect_signals()
