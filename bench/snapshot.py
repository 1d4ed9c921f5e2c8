"""Every public output of the portal on the seeded data, captured to diff across a refactor.

Run it on each version of the code and compare the two directories:

    .venv/bin/python bench/snapshot.py /tmp/snapshot-before
    .venv/bin/python bench/snapshot.py /tmp/snapshot-after
    diff -r /tmp/snapshot-before /tmp/snapshot-after     # empty: same behaviour

It migrates and seeds a throwaway SQLite database, then drives the portal through
django.test.Client only (pages, exports, calendars, sitemap, the API, the two forms and
their e-mails), one file per request: status, headers, body; _index.txt lists them.
It imports none of the portal's modules (only URLs, e-mails and a little raw SQL on
table names that stay), so it runs unchanged when they move. What differs from run to
run is pinned (every updated_at, so ETags and Last-Modified stay comparable) or
replaced with a placeholder (<CSRF>, <TOKEN>, <NOW>, <TODAY>). Pages that depend on
today's date (upcoming or past events, initiatives' status) match only on the same day
(Asia/Almaty): _meta.txt records it, so a diff across days says why.
"""

import hashlib
import io
import json
import logging
import os
import re
import sys
import tempfile
import warnings
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "ru", "kk")
API = "/api/v1"
# Every updated_at is set to this moment plus the row's id in minutes (see pin_timestamps).
PINNED_EPOCH = "2025-01-01 00:00:00"
SITE_URL = "http://localhost:8000"
# Response headers that vary with the moment (Date) or the session (cookies: recorded apart).
SKIPPED_HEADERS = {"date", "set-cookie", "expires"}

# A registration's cancellation link: signing.dumps() is timestamped, so only its
# payload (the registration's key) stays; its time and signature change every second.
CANCEL_TOKEN = r"(/cancel/[A-Za-z0-9_-]+):[A-Za-z0-9]+:[A-Za-z0-9_-]+/"
NORMALISATIONS = [
    # The CSRF token in forms and its cookie: masked afresh on every request.
    (re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")'), rb"\1<CSRF>\2"),
    (re.compile(CANCEL_TOKEN.encode()), rb"\1:<TOKEN>/"),
    # Swagger UI's script sends the CSRF token too.
    (re.compile(rb'(\["X-CSRFTOKEN"\] = ")[^"]+(")'), rb"\1<CSRF>\2"),
    # The IATI file says when it was generated.
    (re.compile(rb'(generated-datetime=")[^"]+(")'), rb"\1<NOW>\2"),
]
HEADER_NORMALISATIONS = [
    # The CSV export's file name carries today's date.
    (re.compile(r"-\d{4}-\d{2}-\d{2}\.csv"), "-<TODAY>.csv"),
    (re.compile(CANCEL_TOKEN), r"\1:<TOKEN>/"),
]
# Static files: WhiteNoise's validators come from the file's mtime (the checkout's).
STATIC_HEADERS = {"etag", "last-modified"}
# Headers whose items come in set order, which changes from process to process
# (hash randomisation): django-csp's directives, DRF's allowed methods on some views.
UNORDERED_HEADERS = {"content-security-policy": "; ", "allow": ", "}


def configure(database_dir):
    """The environment of a fresh clone, on a throwaway database; then django.setup()."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "alliance.settings",
            "DEBUG": "1",
            "SECRET_KEY": "snapshot-only-not-a-secret",
            "ALLOWED_HOSTS": "testserver,localhost",
            "SITE_URL": SITE_URL,
            "DATABASE_URL": f"sqlite:///{database_dir}/db.sqlite3",
            "PAGE_CACHE_SECONDS": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "API_THROTTLE_RATE": "1000000/hour",
            "FORM_RATE_LIMIT": "1000",
            "LOG_LEVEL": "ERROR",
        }
    )
    for name in ("CELERY_BROKER_URL", "CACHE_URL", "CSRF_TRUSTED_ORIGINS", "NUM_PROXIES"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    # "Not Found: ..." and the like for every 404 and 403 asked for on purpose.
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")


def slug_name(text):
    return re.sub(r"[^A-Za-z0-9._=-]+", "_", text).strip("_")[:110]


def normalise_text(text):
    """A request's description (and file name) without its per-run parts."""
    return normalise_header(text)


def normalise(body):
    for pattern, replacement in NORMALISATIONS:
        body = pattern.sub(replacement, body)
    return body


def normalise_header(value):
    for pattern, replacement in HEADER_NORMALISATIONS:
        value = pattern.sub(replacement, value)
    return value


class FormParser(HTMLParser):
    """The fields of the first POST form of a page, as a person's browser sees them."""

    def __init__(self):
        super().__init__()
        self.action = None
        # name -> {"type": ..., "value": [sent values], "options": [(value, label or id)]}
        self.fields = {}
        self.in_form = False
        self.done = False
        self.select = self.option = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.in_form, self.action = True, attrs.get("action")
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            field = self.fields.setdefault(name, {"type": kind, "value": [], "options": []})
            if kind in ("checkbox", "radio"):
                field["options"].append((attrs.get("value", "on"), attrs.get("id")))
                if "checked" in attrs:
                    field["value"].append(attrs.get("value", "on"))
            else:
                field["value"] = [attrs.get("value", "")]
        elif tag == "select" and name:
            self.select = self.fields.setdefault(
                name, {"type": "select", "value": [], "options": []}
            )
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value", ""), ""]
            if "selected" in attrs:
                self.select["value"].append(self.option[0])
        elif tag == "textarea" and name:
            self.textarea = self.fields.setdefault(
                name, {"type": "textarea", "value": [""], "options": []}
            )

    def handle_data(self, data):
        if self.option is not None:
            self.option[1] += data
        elif self.textarea is not None:
            self.textarea["value"] = [self.textarea["value"][0] + data]

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None:
            self.select["options"].append((self.option[0], self.option[1].strip()))
            self.option = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def parse_form(html):
    parser = FormParser()
    parser.feed(html.decode())
    return parser


class Snapshot:
    def __init__(self, outdir):
        from django.test import Client

        self.Client = Client
        self.anonymous = Client()
        # Static files, served by WhiteNoise from the finders as while developing.
        self.static = Client()
        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        self.statuses = Counter()
        self.index = []
        self.responses = {}
        self.mail_count = 0

    # --- Requests ------------------------------------------------------------

    def request(
        self, path, *, lang="en", method="GET", data=None, headers=None, client=None, label=""
    ):
        """One request, recorded in its own file; returns the response.

        A GET asked for again (the sitemap lists the home page, say) is made and
        recorded once: the first response is returned.
        """
        from django.test import override_settings

        headers = {"accept-language": lang, **(headers or {})}
        key, name = self.request_key(method, path, data, headers, label)
        if key in self.responses:
            assert method != "POST", f"posted twice: {key}"
            return self.responses[key]
        if client is None:
            client = self.static if path.startswith("/static/") else self.anonymous
            client.cookies.clear()  # every anonymous request as a first visit
        # Settings are read with DEBUG=1 (development storage, no SECRET_KEY needed);
        # requests run with it off, so a 404 is the public page, not Django's technical
        # one, which names the view's module (the refactor moves them).
        with override_settings(DEBUG=client is self.static):
            call = getattr(client, method.lower())
            if method == "POST":
                response = call(path, data or {}, headers=headers)
            elif method == "OPTIONS":
                response = call(path, "", headers=headers)
            else:
                response = call(path, data, headers=headers)
        self.responses[key] = response
        self.record(key, name, method, data, response)
        return response

    def get(self, path, lang="en", **kwargs):
        return self.request(path, lang=lang, **kwargs)

    def request_key(self, method, path, data, headers, label):
        """What identifies a request (its first line in the file), and its file name."""
        query = ""
        if method != "POST" and data:
            query = "?" + urlencode(data, doseq=True)
        elif "?" in path:
            path, query = path.split("?", 1)
            query = "?" + query
        language = headers["accept-language"]
        key = f"{method} {path}{query} [{language}]"
        sent = {k: v for k, v in headers.items() if k != "accept-language"}
        if sent:
            key += " " + json.dumps(sent, sort_keys=True, ensure_ascii=False)
        if label:
            key += f" #{label}"
        key, path, query = normalise_text(key), normalise_text(path), normalise_text(query)
        digest = hashlib.sha1(key.encode()).hexdigest()[:8]
        return key, f"{slug_name(f'{method}_{path}{query}_{language}_{label}')}-{digest}.txt"

    def record(self, key, name, method, data, response):
        lines = [key]
        if method == "POST" and data:
            posted = {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"}
            lines.append("POST " + json.dumps(posted, sort_keys=True, ensure_ascii=False))
        lines.append(f"status: {response.status_code}")
        for header, value in sorted(response.items(), key=lambda item: item[0].lower()):
            if header.lower() in SKIPPED_HEADERS:
                continue
            if header.lower() in STATIC_HEADERS and key.split()[1].startswith("/static/"):
                value = "<FILE>"
            if separator := UNORDERED_HEADERS.get(header.lower()):
                value = separator.join(sorted(value.split(separator)))
            lines.append(f"{header}: {normalise_header(value)}")
        for cookie_name, morsel in sorted(response.cookies.items()):
            value = "<CSRF>" if cookie_name == "csrftoken" else morsel.value
            attributes = "; ".join(
                f"{attribute}={morsel[attribute]}"
                for attribute in ("path", "max-age", "samesite", "secure", "httponly")
                if morsel[attribute]
            )
            lines.append(f"Set-Cookie: {cookie_name}={value}; {attributes}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        head = ("\n".join(lines) + "\n\n").encode()
        (self.outdir / name).write_bytes(head + normalise(body))
        self.statuses[response.status_code] += 1
        self.index.append(f"{response.status_code} {name} {key}")
        response.snapshot_body = body
        return response

    def json(self, response):
        return json.loads(response.snapshot_body)

    # --- E-mail --------------------------------------------------------------

    def drain_mail(self, step):
        """Every e-mail sent since the last call, one file each; returns them."""
        from django.core import mail

        messages = list(getattr(mail, "outbox", []))
        for message in messages:
            self.mail_count += 1
            parts = [
                f"step: {step}",
                f"from: {message.from_email}",
                f"to: {', '.join(message.to)}",
                f"cc: {', '.join(message.cc)}",
                f"bcc: {', '.join(message.bcc)}",
                f"reply-to: {', '.join(message.reply_to)}",
                f"extra headers: {json.dumps(message.extra_headers, sort_keys=True)}",
                f"subject: {message.subject}",
                f"content-subtype: {message.content_subtype}",
                "",
                message.body,
            ]
            for alternative in getattr(message, "alternatives", []):
                parts += [f"--- alternative {alternative[1]}", str(alternative[0])]
            for attachment in message.attachments:
                filename, content, mimetype = attachment
                if isinstance(content, bytes):
                    content = content.decode("utf-8", errors="backslashreplace")
                parts += [f"--- attachment {filename} ({mimetype})", content]
            name = f"MAIL_{self.mail_count:03d}_{slug_name(step)}.txt"
            text = "\n".join(parts) + "\n"
            (self.outdir / name).write_bytes(normalise(text.encode()))
            self.index.append(f"mail {name} {message.subject}")
        if hasattr(mail, "outbox"):
            mail.outbox.clear()
        return messages

    # --- Output --------------------------------------------------------------

    def finish(self, today):
        (self.outdir / "_index.txt").write_text("\n".join(self.index) + "\n", encoding="utf-8")
        (self.outdir / "_meta.txt").write_text(
            f"today (Asia/Almaty): {today}\nrequests: {sum(self.statuses.values())}\n"
            f"e-mails: {self.mail_count}\n"
            + "".join(f"status {code}: {n}\n" for code, n in sorted(self.statuses.items())),
            encoding="utf-8",
        )


# --- Database ----------------------------------------------------------------


def sql(query, params=()):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def pin_timestamps():
    """Every updated_at (set to "now" by the seed) to a fixed moment plus the row's id in minutes.

    Sitemaps, calendars, the API and the IATI file show them, and the API's ETag and
    Last-Modified are made of them: pinned, those stay comparable between runs.
    """
    tables = [row[0] for row in sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in sorted(tables):
        columns = {row[1] for row in sql(f'PRAGMA table_info("{table}")')}
        if "updated_at" in columns and "id" in columns:
            sql(
                f"UPDATE \"{table}\" SET updated_at = datetime(%s, '+' || id || ' minutes')",
                [PINNED_EPOCH],
            )


def forget_cached_data():
    """Raw SQL bumps no content version: empty the cache (cards, choices) after it."""
    from django.core.cache import cache

    cache.clear()


# --- What to request ---------------------------------------------------------


def paths_in_sitemap(body):
    paths = set()
    for url in re.findall(rb'(?:<loc>|href=")(http[^<"]+)', body):
        paths.add(urlsplit(url.decode()).path)
    return sorted(paths)


def capture_basics(snap):
    sitemap_paths = []
    for lang in LANGUAGES:
        snap.get("/", lang)
        snap.get(f"/{lang}/", lang)
        snap.get("/robots.txt", lang)
        sitemap_paths = paths_in_sitemap(snap.get("/sitemap.xml", lang).snapshot_body)
        snap.get(f"/{lang}/no-such-page/", lang)
        snap.get(f"/{lang}/members/no-such-organisation/", lang)
        snap.get(f"/{lang}/events/no-such-event/", lang)
        snap.get(f"/{lang}/initiatives/no-such-initiative/", lang)
        snap.get(f"/{lang}/members", lang)  # no slash: redirected
        snap.get(f"/{lang}/admin/", lang)
        snap.get(f"/{lang}/admin/login/", lang)
    snap.get("/xx/")
    snap.get("/sitemap.xml", data={"p": "2"})
    snap.request("/en/events/", method="POST", label="not-allowed")
    snap.request("/en/", method="HEAD")
    snap.request("/i18n/setlang/", method="POST", data={"language": "kk", "next": "/en/members/"})
    for path in sitemap_paths:
        # x-default alternates have no language prefix: they redirect to one.
        lang = path.split("/")[1]
        snap.get(path, lang if lang in LANGUAGES else "en")
    return sitemap_paths


def organisation_queries(themes, countries):
    theme = themes[0]
    return [
        {},
        {"relation": "member"},
        {"relation": "partner"},
        {"relation": "all"},
        {"relation": "spaceship"},
        {"relation": ""},
        {"country": "KZ"},
        {"country": "kg"},
        {"country": ["KZ", "UZ"]},
        {"country": ["KZ", "UZ"], "relation": "all"},
        {"country": "XX"},
        {"country": ""},
        {"kind": "ngo"},
        {"kind": "un_body", "relation": "all"},
        {"kind": "spaceship"},
        {"theme": theme},
        {"theme": theme, "relation": "all", "country": "KZ"},
        {"theme": "no-such-theme"},
        {"q": "climate"},
        {"q": "климат"},
        {"q": "білім"},
        {"q": "water", "relation": "all"},
        {"q": "Орталық Азия", "relation": "all"},
        {"q": "zzzz-nothing"},
        {"q": "x" * 201},
        {"sort": "name"},
        {"sort": "newest", "relation": "all"},
        {"sort": "oldest", "relation": "all"},
        {"sort": "country", "relation": "all"},
        {"sort": "title"},
        {"relation": "all", "page": "2"},
        {"relation": "all", "page": "4"},
        {"relation": "all", "page": "999"},
        {"relation": "all", "page": "abc"},
        {"page": "2"},
        {"relation": "all", "country": "KZ", "kind": "un_body", "q": "UN", "sort": "newest"},
        {"country": "KZ", "relation": "spaceship", "page": "2"},
    ] + [{"country": code, "relation": "all"} for code in countries[:6]]


def event_queries(themes, countries):
    return [
        {},
        {"when": "all"},
        {"when": "upcoming"},
        {"when": "past"},
        {"when": "tomorrow"},
        {"kind": "consultation"},
        {"kind": "side_event"},
        {"kind": "spaceship"},
        {"country": "KZ"},
        {"country": ["KZ", "UZ"]},
        {"country": "BR"},
        {"country": "XX"},
        {"theme": themes[0]},
        {"theme": "no-such-theme"},
        {"year": "2025"},
        {"year": "2021"},
        {"year": "2026"},
        {"year": "1800"},
        {"year": "abc"},
        {"q": "climate"},
        {"q": "COP30"},
        {"q": "климат"},
        {"q": "Алматы"},
        {"q": "климаттық"},
        {"q": "zzzz-nothing"},
        {"page": "2"},
        {"page": "999"},
        {"page": "abc"},
        {"when": "past", "kind": "side_event", "year": "2025", "country": "BR"},
    ]


def initiative_queries(themes, countries, lead, funder):
    return [
        {},
        {"country": "KZ"},
        {"country": "kg"},
        {"country": ["KZ", "KG"]},
        {"country": ["TJ", "UZ"]},
        {"country": "XX"},
        {"theme": themes[0]},
        {"theme": "water-cooperation"},
        {"theme": "no-such-theme"},
        {"status": "planned"},
        {"status": "ongoing"},
        {"status": "completed"},
        {"status": "finished"},
        {"status": ""},
        {"year": "2020"},
        {"year": "2024"},
        {"year": "2029"},
        {"year": "1800"},
        {"year": "abc"},
        {"lead": lead},
        {"funder": funder},
        {"lead": "no-such-organisation"},
        {"funder": "bad slug!"},
        *({"sort": sort} for sort in ("start", "-start", "end", "-end", "budget", "-budget")),
        {"sort": "title"},
        {"q": "water"},
        {"q": "Blue Peace"},
        {"q": "вод"},
        {"q": "Орталық Азия"},
        {"q": "су"},
        {"q": "zzzz-nothing"},
        {"page": "2"},
        {"page": "999"},
        {"country": ["KZ", "KG"], "theme": themes[0], "status": "completed"},
        {"country": "KZ", "year": "2024", "sort": "-budget", "lead": lead},
    ]


def capture_api(snap, sitemap_paths):
    """The partner API: root, schema, docs, every list (to its end) and detail, IATI, 304s."""
    for lang in LANGUAGES:
        snap.get(f"{API}/", lang)
        snap.get(f"{API}/schema/", lang)
        snap.get(f"{API}/schema/", lang, data={"format": "json"})
        snap.get(f"{API}/schema/", lang, data={"format": "yaml"})
        snap.get(f"{API}/schema/", lang, headers={"accept": "application/json"})
        snap.get(f"{API}/docs/", lang)
        snap.get(f"{API}/docs/", lang, data={"script": ""})
        snap.get(f"{API}/no-such-endpoint/", lang)
        snap.get(f"{API}/organisations/no-such-organisation/", lang)
        snap.get(f"{API}/events/bad%00slug/", lang)
        snap.get(f"{API}/initiatives/no-such-initiative/", lang)
        snap.get(f"{API}/countries/XX/", lang)
        snap.get(f"{API}/countries/KZZ/", lang)
        snap.get(f"{API}/themes/no-such-theme/", lang)
    snap.get(API)
    snap.get(f"{API}/organisations", data={"relation": "all"})
    snap.request(f"{API}/organisations/", method="HEAD")
    snap.request(
        f"{API}/organisations/",
        method="OPTIONS",
        headers={
            "origin": "https://partner.example.org",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    snap.get(f"{API}/initiatives/", headers={"origin": "https://partner.example.org"})
    snap.request(f"{API}/organisations/", method="POST", data={"x": "1"})

    # Countries and themes first: the filters below use their codes and slugs.
    countries = [item["code"] for item in walk(snap, f"{API}/countries/", {})]
    themes = [item["slug"] for item in walk(snap, f"{API}/themes/", {})]
    walk(snap, f"{API}/countries/", {"page_size": "5"})
    walk(snap, f"{API}/themes/", {"page_size": "7"})
    for lang in LANGUAGES:
        for code in countries:
            conditional(snap, f"{API}/countries/{code}/", lang)
        conditional(snap, f"{API}/countries/{countries[0].lower()}/", lang)
        for slug in themes:
            conditional(snap, f"{API}/themes/{slug}/", lang)
        conditional(snap, f"{API}/countries/", lang)
        conditional(snap, f"{API}/themes/", lang)

    initiatives = walk(snap, f"{API}/initiatives/", {})
    roles = [
        (o["role"], o["organisation"]["slug"]) for i in initiatives for o in i["organisations"]
    ]
    lead = next(slug for role, slug in roles if role == "lead")
    funder = next(slug for role, slug in roles if role == "funder")

    lists = {
        "organisations": organisation_queries(themes, countries),
        "events": event_queries(themes, countries),
        "initiatives": initiative_queries(themes, countries, lead, funder),
    }
    paging = [
        {"page": "2"},
        {"page": "999"},
        {"page": "0"},
        {"page": "abc"},
        {"page_size": "500"},
        {"page_size": "0"},
        {"page": ""},
    ]
    for endpoint, queries in lists.items():
        for lang in LANGUAGES:
            conditional(snap, f"{API}/{endpoint}/", lang)
            walk(snap, f"{API}/{endpoint}/", {"page_size": "7"}, lang)
            for query in [*queries, *paging]:
                walk(snap, f"{API}/{endpoint}/", {"page_size": "20", **query}, lang)

    slugs = {"members": [], "events": [], "initiatives": []}
    for path in sitemap_paths:
        parts = path.strip("/").split("/")
        if parts[0] == "en" and len(parts) == 3:
            slugs[parts[1]].append(parts[2])
    for lang in LANGUAGES:
        for section, endpoint in (
            ("members", "organisations"),
            ("events", "events"),
            ("initiatives", "initiatives"),
        ):
            for slug in slugs[section]:
                conditional(snap, f"{API}/{endpoint}/{slug}/", lang)

    for lang in LANGUAGES:
        conditional(snap, f"{API}/initiatives.xml", lang)
    for query in [
        {"country": "KZ"},
        {"country": ["KZ", "KG"]},
        {"year": "2024"},
        {"country": "KZ", "year": "2024"},
        {"status": "completed"},
        {"theme": themes[0]},
        {"lead": lead},
        {"q": "water"},
        {"q": "zzzz-nothing"},
        {"sort": "budget"},
        {"country": "XX"},
        {"year": "abc"},
    ]:
        snap.get(f"{API}/initiatives.xml", data=query)
    return themes, countries, lead, funder, slugs


def walk(snap, path, query, lang="en"):
    """A list endpoint from the given page to its end, following `next`; the items seen."""
    response = snap.get(path, lang, data=query)
    items = []
    seen = 0
    while response.status_code == 200:
        body = snap.json(response)
        if not isinstance(body, dict) or "results" not in body:
            break
        items += body["results"]
        if not body.get("next") or seen > 50:
            break
        seen += 1
        url = urlsplit(body["next"])
        response = snap.get(url.path + "?" + url.query, lang)
    return items


def conditional(snap, path, lang="en", data=None):
    """A GET, then the same with its validators: If-None-Match and If-Modified-Since (304s)."""
    response = snap.get(path, lang, data=data)
    etag, modified = response.get("ETag"), response.get("Last-Modified")
    if etag:
        snap.get(path, lang, data=data, headers={"if-none-match": etag}, label="etag")
        stale = {"if-none-match": 'W/"stale"'}
        snap.get(path, lang, data=data, headers=stale, label="stale-etag")
    if modified:
        since = {"if-modified-since": modified}
        snap.get(path, lang, data=data, headers=since, label="last-modified")
        old = {"if-modified-since": "Mon, 01 Jan 2001 00:00:00 GMT"}
        snap.get(path, lang, data=data, headers=old, label="old-date")
    return response


def capture_pages(snap, themes, countries, lead, funder, slugs):
    lists = {
        "members": organisation_queries(themes, countries),
        "events": event_queries(themes, countries),
        "initiatives": initiative_queries(themes, countries, lead, funder),
    }
    for lang in LANGUAGES:
        for section, queries in lists.items():
            for query in queries:
                snap.get(f"/{lang}/{section}/", lang, data=query)
        # Exports and calendars, with and without filters.
        for query in [
            {},
            {"country": "KZ"},
            {"country": ["KZ", "KG"], "status": "completed"},
            {"year": "2024", "sort": "budget"},
            {"lead": lead},
            {"funder": funder},
            {"theme": themes[0]},
            {"q": "water"},
            {"q": "zzzz-nothing"},
            {"page": "2"},
            {"country": "XX"},
            {"status": "finished"},
        ]:
            snap.get(f"/{lang}/initiatives/export.csv", lang, data=query)
        for query in [
            {},
            {"when": "past"},
            {"when": "upcoming"},
            {"country": "KZ"},
            {"kind": "side_event", "year": "2025"},
            {"theme": themes[0]},
            {"q": "COP30"},
            {"page": "2"},
            {"year": "abc"},
            {"kind": "spaceship"},
        ]:
            snap.get(f"/{lang}/events/calendar.ics", lang, data=query)
        for slug in slugs["events"]:
            snap.get(f"/{lang}/events/{slug}/calendar.ics", lang)
            snap.get(f"/{lang}/events/{slug}/register/", lang)
        snap.get(f"/{lang}/events/no-such-event/calendar.ics", lang)
        snap.get(f"/{lang}/events/no-such-event/register/", lang)
        event = slugs["events"][0]
        for result in ("confirmed", "waiting", "already", "spaceship"):
            snap.get(f"/{lang}/events/{event}/register/done/", lang, data={"result": result})
        snap.get(f"/{lang}/events/{event}/cancel/not-a-token/", lang)
        snap.get(f"/{lang}/join/", lang)
        snap.get(f"/{lang}/join/thanks/", lang)
        snap.get(f"/{lang}/join/thanks/", lang, data={"duplicate": "1"})


def capture_cached_pages(snap, slugs):
    """A few pages with the page cache on: a miss, then a hit; both must match the others."""
    from django.test import override_settings

    forget_cached_data()
    with override_settings(PAGE_CACHE_SECONDS=300):
        for lang in LANGUAGES:
            for path in [
                f"/{lang}/",
                f"/{lang}/members/",
                f"/{lang}/events/",
                f"/{lang}/initiatives/",
                f"/{lang}/members/{slugs['members'][0]}/",
                f"/{lang}/events/{slugs['events'][0]}/",
                f"/{lang}/initiatives/{slugs['initiatives'][0]}/",
            ]:
                snap.get(path, lang, label="page-cache-miss")
                snap.get(path, lang, label="page-cache-hit")
            snap.get(f"/{lang}/initiatives/", lang, data={"country": "KZ"}, label="page-cache-miss")
            snap.get(f"/{lang}/initiatives/", lang, data={"country": "KZ"}, label="page-cache-hit")
    forget_cached_data()


# --- The two forms, as a person fills them in ---------------------------------


def form_data(response, values, choose=None):
    """The page's POST form as a browser would send it, with `values` typed in.

    `choose` maps a select or checkbox field to the label (or id) of the option to pick.
    """
    form = parse_form(response.snapshot_body)
    data = {}
    for name, field in form.fields.items():
        if field["type"] in ("submit", "button"):
            continue
        if field["value"]:
            data[name] = field["value"] if len(field["value"]) > 1 else field["value"][0]
    for name, wanted in (choose or {}).items():
        options = form.fields[name]["options"]
        picked = [value for value, label in options if label and wanted(label)]
        assert picked, f"no option of {name} matches"
        data[name] = picked if form.fields[name]["type"] == "checkbox" else picked[0]
    for name, value in values.items():
        assert name in form.fields, f"the form has no field {name}"
        data[name] = value
    return form.action, data


def capture_join(snap):
    """Membership applications: valid in each language, a duplicate, errors, a bot, no CSRF."""
    # Staff in the membership group hear of each application: one, added as an admin would.
    group = sql("SELECT id FROM auth_group WHERE name = %s", ["Membership"])
    if group:
        sql(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, "
            "email, is_staff, is_active, date_joined) "
            "VALUES ('!', 0, 'membership', '', '', 'membership@example.org', 1, 1, %s)",
            [PINNED_EPOCH],
        )
        user = sql("SELECT id FROM auth_user WHERE username = 'membership'")[0][0]
        sql(
            "INSERT INTO auth_user_groups (user_id, group_id) VALUES (%s, %s)",
            [user, group[0][0]],
        )
    applicants = {
        "en": ("Green Steppe Schools", "Aigerim Nurlanovna", "Almaty", "Kazakhstan"),
        "ru": ("Школы зелёной степи", "Айгерим Нурлановна", "Бишкек", "Кыргызстан"),
        "kk": ("Жасыл дала мектептері", "Әйгерім Нұрланқызы", "Шымкент", "Қазақстан"),
    }
    for lang, (name, person, city, country) in applicants.items():
        client = snap.Client(enforce_csrf_checks=True)
        page = snap.get(f"/{lang}/join/", lang, client=client, label="form")
        values = {
            "name": name,
            "city": city,
            "website": "green-steppe.example.org",
            "description": f"{name}: climate education in rural schools.",
            "mission": "Every pupil learns about the climate.",
            "contact_name": person,
            "contact_email": f"applicant-{lang}@example.org",
            "contact_phone": "+7 701 000 00 00",
            "consent": "on",
        }
        choose = {
            "kind": lambda label: label.startswith(("School", "Школа", "Мектеп")),
            "country": lambda label, country=country: label == country,
            "themes": lambda label: True,
        }
        action, data = form_data(page, values, choose)
        # The themes are checkboxes: pick the first two, as a person ticks a few.
        data["themes"] = data["themes"][:2]
        snap.request(action, lang=lang, method="POST", data=data, client=client, label="valid")
        snap.drain_mail(f"join-{lang}-valid")
        snap.request(action, lang=lang, method="POST", data=data, client=client, label="duplicate")
        snap.drain_mail(f"join-{lang}-duplicate")
        invalid = {**data, "contact_email": "not-an-address", "description": ""}
        invalid.pop("consent")
        snap.request(action, lang=lang, method="POST", data=invalid, client=client, label="invalid")
        bot = {**data, "name": "Spam Ltd", "homepage": "http://spam.example"}
        snap.request(action, lang=lang, method="POST", data=bot, client=client, label="honeypot")
        snap.drain_mail(f"join-{lang}-bot")
    no_token = snap.Client(enforce_csrf_checks=True)
    snap.request("/en/join/", method="POST", data={"name": "x"}, client=no_token, label="no-csrf")
    snap.drain_mail("join-no-csrf")


def registration_events():
    """The events the registration flows use: opened with raw SQL (table events_event).

    The first is one whose registration is open, else the first undated event (never
    over, whatever today is): capacity 1, so the second person waits. The second is
    another undated event given a fixed future date and time, so its e-mails carry a
    calendar file.
    """
    undated = [
        row[0]
        for row in sql("SELECT slug FROM events_event WHERE start_date IS NULL ORDER BY slug")
    ]
    already_open = [
        row[0] for row in sql("SELECT slug FROM events_event WHERE registration_open ORDER BY slug")
    ]
    first = already_open[0] if already_open else undated[0]
    second = next(slug for slug in undated if slug != first)
    sql(
        "UPDATE events_event SET registration_open = 1, capacity = 1, "
        "registration_deadline = NULL WHERE slug = %s",
        [first],
    )
    sql(
        "UPDATE events_event SET registration_open = 1, capacity = NULL, "
        "registration_deadline = '2099-05-31 12:00:00', start_date = '2099-06-01', "
        "end_date = '2099-06-02', start_precision = 'day', end_precision = 'day', "
        "start_time = '10:00:00', end_time = '17:30:00', time_zone = 'Asia/Almaty' "
        "WHERE slug = %s",
        [second],
    )
    forget_cached_data()
    return first, second


def register(snap, slug, lang, client, name, email, label, extra=None):
    page = snap.get(f"/{lang}/events/{slug}/register/", lang, client=client, label=f"{label}-form")
    values = {
        "name": name,
        "email": email,
        "organisation": "Green Steppe Schools",
        "consent": "on",
        **(extra or {}),
    }
    action, data = form_data(page, values)
    response = snap.request(action, lang=lang, method="POST", data=data, client=client, label=label)
    if response.status_code == 302:
        snap.get(response["Location"], lang, client=client, label=label)
    return snap.drain_mail(f"register-{slug}-{label}")


def cancel_path(messages, email):
    """The path of the cancellation link in the last of these e-mails to `email`."""
    for message in reversed(messages):
        if email in message.to:
            match = re.search(re.escape(SITE_URL) + r"(/\S+/cancel/\S+/)", message.body)
            return match.group(1)
    raise AssertionError(f"no e-mail to {email}")


def capture_registrations(snap):
    first, second = registration_events()
    for lang in LANGUAGES:
        for slug in (first, second):
            snap.get(f"/{lang}/events/{slug}/", lang, label="registration-open")
            snap.get(f"/{lang}/events/{slug}/register/", lang, label="registration-open")
            snap.get(f"/{lang}/events/{slug}/calendar.ics", lang, label="registration-open")

    client = snap.Client(enforce_csrf_checks=True)
    # Person A takes the only place, then registers again (another case); B waits.
    sent = register(snap, first, "en", client, "Dana Ospanova", "dana@example.org", "a")
    link_a = cancel_path(sent, "dana@example.org")
    register(snap, first, "en", client, "Dana O.", "DANA@example.org", "a-again")
    sent = register(
        snap,
        first,
        "ru",
        client,
        "Бахыт Сериков",
        "bakhyt@example.org",
        "b",
        extra={"language": "ru"},
    )
    link_b = cancel_path(sent, "bakhyt@example.org")
    page = snap.get(f"/en/events/{first}/register/", client=client, label="invalid-form")
    action, data = form_data(page, {"name": "", "email": "not-an-address"})
    snap.request(action, method="POST", data=data, client=client, label="invalid")
    bot = {**data, "name": "Spam", "email": "spam@example.org", "consent": "on", "homepage": "x"}
    snap.request(action, method="POST", data=bot, client=client, label="honeypot")
    snap.drain_mail("register-invalid-and-bot")

    # A cancels through the link in the e-mail: asked, then cancelled; B gets the place.
    confirm = snap.get(link_a, client=client, label="a-cancel")
    action, data = form_data(confirm, {})
    snap.request(action or link_a, method="POST", data=data, client=client, label="a-cancel")
    snap.drain_mail("cancel-a-promotes-b")
    # Again, as from a tab still open on the question: already cancelled.
    snap.get(link_a, client=client, label="a-cancelled")
    snap.request(link_a, method="POST", data=data, client=client, label="a-cancelled")
    snap.get(link_b, "ru", client=client, label="b-promoted")
    snap.get(link_a.rstrip("/")[:-3] + "xyz/", client=client, label="tampered")
    snap.get(link_a.replace(f"/events/{first}/", f"/events/{second}/"), label="other-event")
    # A comes back after cancelling: the place is B's now, so A waits.
    register(snap, first, "en", client, "Dana Ospanova", "dana@example.org", "a-back")

    # C (Kazakh) and D (e-mails in Russian) on the dated event: confirmed, with a calendar.
    register(
        snap,
        second,
        "kk",
        client,
        "Асқар Төлеуов",
        "askar@example.org",
        "c",
        extra={"language": "kk"},
    )
    register(
        snap,
        second,
        "en",
        client,
        "Chris Doe",
        "chris@example.org",
        "d",
        extra={"language": "ru"},
    )
    for lang in LANGUAGES:
        snap.get(f"/{lang}/events/{first}/register/", lang, label="after")
        snap.get(f"/{lang}/events/{second}/register/", lang, label="after")
    no_token = snap.Client(enforce_csrf_checks=True)
    snap.request(
        f"/en/events/{first}/register/",
        method="POST",
        data={"name": "x"},
        client=no_token,
        label="no-csrf",
    )
    snap.drain_mail("register-end")


def capture_static(snap):
    """The static files the pages link to (not the API docs' vendored Swagger UI)."""
    linked = set()
    for response in list(snap.responses.values()):
        if "html" in response.get("Content-Type", ""):
            linked.update(re.findall(rb'(?:href|src)="(/static/[^"?#]+)', response.snapshot_body))
    for path in sorted(linked):
        if b"/drf_spectacular_sidecar/" not in path:
            snap.get(path.decode())


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUTDIR")
    outdir = Path(sys.argv[1])
    if outdir.exists() and any(outdir.iterdir()):
        sys.exit(f"{outdir} is not empty: give a new directory")
    with tempfile.TemporaryDirectory(prefix="tsako-snapshot-") as database_dir:
        configure(database_dir)
        from django.core.management import call_command
        from django.utils import timezone

        call_command("migrate", verbosity=0, interactive=False)
        call_command("seed", verbosity=0, stdout=io.StringIO())
        pin_timestamps()
        forget_cached_data()

        snap = Snapshot(outdir)
        sitemap_paths = capture_basics(snap)
        themes, countries, lead, funder, slugs = capture_api(snap, sitemap_paths)
        capture_pages(snap, themes, countries, lead, funder, slugs)
        capture_cached_pages(snap, slugs)
        capture_join(snap)
        capture_registrations(snap)
        capture_static(snap)
        snap.drain_mail("end")
        snap.finish(timezone.localdate().isoformat())

    total = sum(snap.statuses.values())
    print(f"{total} requests, {snap.mail_count} e-mails, written to {outdir}")
    for code, count in sorted(snap.statuses.items()):
        print(f"  {code}: {count}")


if __name__ == "__main__":
    main()
