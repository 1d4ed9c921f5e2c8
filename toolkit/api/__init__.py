"""What every endpoint of the read-only partner API builds on; it knows no app.

`fields` turns translated columns, dates with a precision and links into JSON;
`viewsets` holds the base viewset (conditional GET, strict lookups);
`pagination` and `throttling` what DRF's settings name; `errors` the JSON
error body; `schema` the OpenAPI additions. Each app writes its serializers
and viewsets in `<app>/api.py`; `alliance/api/urls.py` assembles them.
"""
