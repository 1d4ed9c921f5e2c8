"""The read-only partner API (/api/v1/): what its three apps' endpoints share.

`fields` turns translated columns, dates with a precision and links into JSON;
`viewsets` holds the base viewset (conditional GET, strict lookups),
pagination and throttling; `errors` the JSON error body; `schema` the OpenAPI
additions; `views` the countries and themes endpoints and the API root. Each
app writes its own serializers and viewsets in `<app>/api.py`, and `urls`
assembles them: like `alliance/urls.py`, it is where the apps meet.
"""
