"""What the import and export tests share: uploading a file to the admin, confirming, reading."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.admin_helpers import admin_url

CSV, XLSX = "0", "1"  # the formats' places in toolkit.imports.FORMATS


def csv_file(rows, name="rows.csv"):
    """A CSV file of `rows` (dicts), as a spreadsheet saves it: with a byte order mark."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, ("\ufeff" + out.getvalue()).encode(), "text/csv")


def xlsx_file(rows, name="rows.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def preview(client, model, upload, language="en", file_format=CSV):
    """The import's first step: the file uploaded, its dry run shown."""
    return client.post(
        admin_url(model, "import", language),
        {"resource": "0", "format": file_format, "import_file": upload},
    )


def confirm(client, model, previewed, language="en"):
    """The import's second step: "Confirm import" on the preview page."""
    form = previewed.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(admin_url(model, "process_import", language), data)


def exported(client, model, language="en", query="", file_format=CSV):
    """The rows an export gives (dicts), the changelist's filters in `query`."""
    response = client.post(
        admin_url(model, "export", language) + query,
        {"resource": "0", "format": file_format, **export_fields(client, model, language)},
    )
    assert response.status_code == 200, response.content[:500]
    if file_format == CSV:
        text = response.content.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def export_fields(client, model, language):
    """Every column ticked, as the export page shows them."""
    form = client.get(admin_url(model, "export", language)).context["form"]
    return {
        name: "on" for name in form.fields if name.startswith(form.resources[0].__name__.lower())
    }
