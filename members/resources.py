"""Organisations as spreadsheet rows (django-import-export; the rules are toolkit.imports').

A new row that may name an organisation already in the directory (a name in
any language, the short name, the website: members.duplicates) lists it in
the preview; staff put that organisation's slug in the row to update it.
"""

from django.urls import reverse

from common.models import Country, Theme
from toolkit.i18n import LANGUAGE_CODES
from toolkit.imports import ContentResource, key_field, keys_field, localized

from .duplicates import possible_duplicates
from .models import Organisation

COLUMNS = localized(
    Organisation,
    "slug",
    # Drafts: 0 keeps a row off the public pages; a moment publishes it then.
    "is_published",
    "publish_at",
    "name",
    "short_name",
    "kind",
    "relation",
    "country",
    "city",
    "founded_year",
    "founding_note",
    "description",
    "mission",
    "themes",
    "website",
    "parent",
)


class OrganisationResource(ContentResource):
    country = key_field(Country, "country", "code")
    parent = key_field(Organisation, "parent", "slug")
    themes = keys_field(Theme, "themes", "slug")

    class Meta(ContentResource.Meta):
        model = Organisation
        fields = COLUMNS
        export_order = COLUMNS
        import_order = COLUMNS

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.created = set()  # new in this file: no duplicate of the file's later rows

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if row_result.import_type != row_result.IMPORT_TYPE_NEW:
            return
        candidates = {}
        for code in LANGUAGE_CODES:
            name = str(row.get(f"name_{code}") or "")
            if not name:
                continue
            found = possible_duplicates(
                name,
                short_name=str(row.get(f"short_name_{code}") or ""),
                website=str(row.get("website") or ""),
                exclude=Organisation(pk=row_result.object_id),
            )
            for candidate in found:
                if candidate.organisation.pk not in self.created:
                    candidates.setdefault(candidate.organisation.pk, candidate)
        row_result.candidates = [
            (
                reverse("admin:members_organisation_change", args=[pk]),
                f"{candidate.organisation.display_name} ({candidate.organisation.slug})",
                candidate.because,
            )
            for pk, candidate in candidates.items()
        ]
        self.created.add(row_result.object_id)
