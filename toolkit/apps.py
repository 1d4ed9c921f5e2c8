from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    """What any app may use and that knows no app: page cache, cards, forms' guards, the API's base.

    An app for its template tags, the page cache's signals and the content clock
    (toolkit.clock), its one model.
    """

    name = "toolkit"

    def ready(self):
        # tasks: registers the beat task that publishes scheduled drafts.
        from . import cache, clock, collation, tasks  # noqa: F401

        # Staff edits of public content make every cached public page stale,
        # and give the edited models a new version (the API's validators).
        cache.connect_signals()
        clock.connect_signals()
        # SQLite connections learn the names_<language> collations.
        collation.connect_signals()
