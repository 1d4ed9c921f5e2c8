"""No 500 in any inline of any content model: rows added, removed and reordered beside others.

Run on the seed, for every inline of every content model's admin, on the record
with the most rows in that inline: what staff do every day.
"""

import pytest
from django.contrib import admin
from django.db.models import Count

from tests.admin_helpers import submitted_form

CONTENT_APPS = {"common", "members", "events", "initiatives"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeded_module, db):
    return seeded_module


def inline_cases():
    """(model admin, inline class) for every inline of a content model's admin."""
    cases = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in CONTENT_APPS:
            continue
        for inline in model_admin.inlines:
            cases.append(
                pytest.param(model, inline, id=f"{model._meta.label}-{inline.model.__name__}")
            )
    return cases


def fullest_parent(model, inline):
    """The record with the most rows in the inline, and how many."""
    fk = next(
        field
        for field in inline.model._meta.fields
        if field.is_relation and field.related_model is model
        if inline.fk_name is None or field.name == inline.fk_name
    )
    busiest = (
        inline.model._default_manager.values(fk.attname)
        .annotate(rows=Count("pk"))
        .order_by("-rows", fk.attname)
        .first()
    )
    if busiest is None:
        return None, 0
    return model._default_manager.get(pk=busiest[fk.attname]), busiest["rows"]


def change_url(obj):
    meta = obj._meta
    return f"/en/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/"


def the_formset(response, inline):
    return next(
        formset.formset
        for formset in response.context["inline_admin_formsets"]
        if isinstance(formset.opts, inline)
    )


def copy_row(data, prefix, source, target):
    """The fields of row `source` as a new row `target` (no id: a new record)."""
    for name, value in list(data.items()):
        start = f"{prefix}-{source}-"
        if name.startswith(start):
            field = name[len(start) :]
            if field not in {"id", "DELETE"}:
                data[f"{prefix}-{target}-{field}"] = value


def assert_not_broken(response):
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:  # refused, with the reason on the form
        assert "errornote" in response.text or "errorlist" in response.text


@pytest.mark.parametrize(("model", "inline"), inline_cases())
def test_admin_inline_rows_added_removed_reordered(admin_client, seeded, model, inline):
    parent, rows = fullest_parent(model, inline)
    if parent is None:
        pytest.skip(f"the seed has no {inline.model.__name__} rows")
    url = change_url(parent)
    page = admin_client.get(url)
    formset = the_formset(page, inline)
    prefix = formset.prefix
    data = submitted_form(page)
    total = int(data[f"{prefix}-TOTAL_FORMS"])

    # Saved as it is.
    assert admin_client.post(url, data).status_code == 302

    # A row added at the end, as a copy of the first (which may break a unique rule:
    # then the form says so) and as an empty row.
    added = {**data, f"{prefix}-TOTAL_FORMS": str(total + 1)}
    copy_row(added, prefix, 0, total)
    assert_not_broken(admin_client.post(url, added))
    empty = {**data, f"{prefix}-TOTAL_FORMS": str(total + 1)}
    assert_not_broken(admin_client.post(url, empty))

    # Reordered, where rows have a position: the last first.
    if "position" in formset.form.base_fields and rows >= 2:
        reordered = dict(data)
        for index in range(total):
            reordered[f"{prefix}-{index}-position"] = str(total - 1 - index)
        assert admin_client.post(url, reordered).status_code == 302
        first_before = formset.forms[0].instance.pk
        kept = list(
            inline.model._default_manager.filter(pk__in=[f.instance.pk for f in formset.forms])
        )
        assert max(kept, key=lambda row: row.position).pk == first_before

    # The first row removed, if staff may remove rows here.
    if formset.can_delete and inline(model, admin.site).has_delete_permission(page.wsgi_request):
        removed = {**data, f"{prefix}-0-DELETE": "on"}
        assert admin_client.post(url, removed).status_code == 302
        assert not inline.model._default_manager.filter(pk=formset.forms[0].instance.pk).exists()
