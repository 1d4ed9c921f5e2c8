"""Trigram indexes for free-text search, on PostgreSQL only.

Search (SearchFilter, the admin's search box) is `icontains`, which Django
writes on PostgreSQL as `UPPER(column::text) LIKE UPPER('%word%')`. A GIN
index over that same expression with pg_trgm's operator class lets the
planner answer it from the index instead of reading every row, in any
language. SQLite (development) has neither GIN nor pg_trgm: the operation
does nothing there, so it still migrates.

The indexes are not in the models' Meta (Django would create them on SQLite
too); migrations create and drop them with `TrigramIndexes`.
"""

from django.db import migrations

# Frozen, not read from the settings: a migration must create the same indexes
# whatever the settings say later.
LANGUAGES = ("en", "ru", "kk")


def index_name(table, column):
    return f"{table}_{column}_trgm"[:63]


class TrigramIndexes(migrations.RunPython):
    """Create pg_trgm GIN indexes on UPPER(column) for each column, when on PostgreSQL."""

    reduces_to_sql = False

    def __init__(self, table, columns):
        self.table = table
        self.columns = list(columns)
        super().__init__(self.create, self.drop, elidable=False)

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"table": self.table, "columns": self.columns})

    def describe(self):
        return f"Trigram search indexes on {self.table} (PostgreSQL only)"

    def create(self, apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in self.columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{index_name(self.table, column)}" '
                f'ON "{self.table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )

    def drop(self, apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in self.columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(self.table, column)}"')


class PostgresIndex(migrations.RunPython):
    """CREATE INDEX with what SQLite cannot index (DESC NULLS LAST), on PostgreSQL only.

    For an order such as the initiatives list's (latest start first, undated
    last), so a page is read from the index instead of sorting every row.
    """

    reduces_to_sql = False

    def __init__(self, name, table, expressions):
        self.name = name
        self.table = table
        self.expressions = expressions
        super().__init__(self.create, self.drop, elidable=False)

    def deconstruct(self):
        kwargs = {"name": self.name, "table": self.table, "expressions": self.expressions}
        return (self.__class__.__qualname__, [], kwargs)

    def describe(self):
        return f"Index {self.name} on {self.table} (PostgreSQL only)"

    def create(self, apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{self.name}" ON "{self.table}" ({self.expressions})'
            )

    def drop(self, apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{self.name}"')


def translated(*fields):
    """Each field's column in every language: title -> title_en, title_ru, title_kk."""
    return [f"{field}_{code}" for field in fields for code in LANGUAGES]


def through_table_index(table, column, other):
    """An index on a many-to-many table led by `column`: ?theme= reads it without the rows.

    Django indexes such a table by (one side, other side) and by each side
    alone; a filter that starts from a theme needs (theme, row) to find the
    rows from the index alone. Auto-created tables have no Meta, hence SQL;
    it is plain CREATE INDEX, the same on SQLite and PostgreSQL.
    """
    name = f"{table}_{column}_{other}_idx"[:63]
    return migrations.RunSQL(
        f'CREATE INDEX "{name}" ON "{table}" ("{column}", "{other}")',
        f'DROP INDEX "{name}"',
        elidable=False,
    )
