"""The partner API as a whole: root, pagination, errors, conditional GET, CORS, throttling, schema.

What each endpoint returns is checked in its app's folder (tests/<app>/test_api.py).
"""

import datetime
import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.http import http_date

from common.models import Theme
from events.models import EventSpokenLanguage
from initiatives.models import Initiative
from members.models import Organisation
from tests.api_helpers import (
    data,
    days,
    get,
    make_initiative,
    make_initiatives,
    settle,
    today,
)
from tests.factories import EventFactory, EventParticipationFactory
from toolkit.api.throttling import AnonymousRateThrottle

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "alliance" / "api" / "openapi.yaml"


# --- Root ------------------------------------------------------------------


def test_root_links_every_endpoint(client):
    body = data(client, "")

    assert body["organisations"] == "http://testserver/api/v1/organisations/"
    assert body["initiatives_iati"] == "http://testserver/api/v1/initiatives.xml"
    assert set(body) == {
        "organisations",
        "events",
        "initiatives",
        "initiatives_iati",
        "countries",
        "regions",
        "themes",
        "schema",
        "docs",
    }


# --- Pagination ------------------------------------------------------------


def test_pages_are_stable_and_do_not_overlap(client):
    # Same start and title: only the slug tells them apart.
    for index in range(7):
        make_initiative(slug=f"same-{index}", title_en="Same")

    first = data(client, "initiatives/", {"page_size": 4})
    second = data(client, "initiatives/", {"page_size": 4, "page": 2})

    listed = [item["slug"] for item in first["results"] + second["results"]]
    assert listed == [f"same-{index}" for index in range(7)]
    assert first["count"] == 7
    assert first["next"].endswith("/api/v1/initiatives/?page=2&page_size=4")
    assert second["next"] is None


# --- Bad input -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("initiatives/", {"country": "KAZ"}, "country"),
        ("initiatives/", {"country": ["KZ", "K1"]}, "country"),
        ("initiatives/", {"status": "someday"}, "status"),
        ("initiatives/", {"year": "abc"}, "year"),
        ("initiatives/", {"year": "99999"}, "year"),
        ("initiatives/", {"lead": "not a slug"}, "lead"),
        ("initiatives/", {"sort": "colour"}, "sort"),
        ("initiatives/", {"page_size": "100000"}, "page_size"),
        ("initiatives/", {"page_size": "0"}, "page_size"),
        ("initiatives/", {"page": "abc"}, "page"),
        ("organisations/", {"relation": "enemy"}, "relation"),
        ("organisations/", {"q": "x" * 201}, "q"),
        ("events/", {"when": "tomorrow"}, "when"),
        ("events/", {"theme": "no/such/theme"}, "theme"),
        ("events/", {"q": "nul\x00byte"}, "q"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, kazakhstan, path, params, parameter):
    response = get(client, path, params)

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["detail"] == "Some parameters are not valid."
    assert list(body["errors"]) == [parameter]
    assert body["errors"][parameter][0]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("initiatives/", {"country": "XX"}),
        ("initiatives/", {"lead": "nobody"}),
        ("initiatives/", {"funder": "iucn"}),  # exists, but funds nothing
        ("events/", {"theme": "no-such-theme"}),
        ("organisations/", {"relation": "all", "country": "ZZ"}),
    ],
)
def test_a_well_formed_code_that_names_nothing_lists_nothing(client, one_health, path, params):
    # Which codes and slugs exist is data: the schema can only say their form.
    body = data(client, path, params)

    assert body["count"] == 0
    assert body["results"] == []


def test_the_iati_file_of_a_country_that_names_nothing_is_empty(client, one_health):
    response = client.get("/api/v1/initiatives.xml", {"country": "XX"})

    assert response.status_code == 200
    assert b"<iati-activity" not in b"".join(response.streaming_content)


def test_an_unknown_country_among_known_ones_is_left_out(client, one_health):
    body = data(client, "initiatives/", {"country": ["ZZ", "KZ"]})

    assert [item["slug"] for item in body["results"]] == ["one-health"]


def test_errors_speak_the_request_language(client):
    response = get(client, "initiatives/", {"status": "someday"}, accept_language="ru")

    assert response.status_code == 400
    assert response.json()["errors"]["status"][0].startswith("Выберите корректный вариант")


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("organisations/nobody/", "No organisation has the slug “nobody”."),
        ("events/nothing/", "No event has the slug “nothing”."),
        ("initiatives/none/", "No initiative has the slug “none”."),
        ("countries/XX/", "No country has the code “XX”."),
        ("countries/KAZ/", "No country has the code “KAZ”."),
        ("themes/none/", "No theme has the slug “none”."),
        ("initiatives/not a slug/", "No initiative has the slug “not a slug”."),
        ("initiatives/nul%00byte/", "No initiative has the slug “nul\x00byte”."),
        ("initiatives/?page=99", "Invalid page."),
        ("nowhere/", "There is nothing at this address in the API."),
        ("initiatives/a/b/c/", "There is nothing at this address in the API."),
    ],
)
def test_unknown_records_and_addresses_are_a_json_404(client, path, detail):
    response = client.get(f"/api/v1/{path}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": 404, "detail": detail}


def test_address_without_its_slash_is_redirected_with_its_query(client):
    response = client.get("/api/v1/initiatives?country=KZ")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/initiatives/?country=KZ"


def test_api_is_read_only(client, one_health):
    for method in (client.post, client.put, client.patch, client.delete):
        response = method("/api/v1/initiatives/one-health/")
        assert response.status_code == 405
        assert response.json()["status"] == 405


# --- Conditional GET -------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "organisations/?relation=all",
        "organisations/iucn/",
        "events/",
        "initiatives/",
        "initiatives/?country=KZ",
        "initiatives/one-health/",
        "countries/",
        "themes/",
    ],
)
def test_unchanged_data_is_a_304(client, one_health, path):
    EventFactory()
    settle()
    first = client.get(f"/api/v1/{path}")
    assert first["ETag"].startswith('W/"')
    assert first["Last-Modified"]

    by_etag = client.get(f"/api/v1/{path}", headers={"if-none-match": first["ETag"]})
    by_date = client.get(f"/api/v1/{path}", headers={"if-modified-since": first["Last-Modified"]})

    for response in (by_etag, by_date):
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == first["ETag"]


def changes(client, path, change):
    """The list before and after `change`, each asked with the validators of the one before."""
    settle(seconds=120)
    first = client.get(f"/api/v1/{path}")
    assert first.status_code == 200
    change()
    by_etag = client.get(f"/api/v1/{path}", headers={"if-none-match": first["ETag"]})
    by_date = client.get(f"/api/v1/{path}", headers={"if-modified-since": first["Last-Modified"]})
    settle(seconds=60)  # the change was a minute ago, the first answer two
    later = client.get(f"/api/v1/{path}", headers={"if-modified-since": first["Last-Modified"]})
    assert by_etag.status_code == by_date.status_code == later.status_code == 200
    assert by_etag["ETag"] != first["ETag"]
    assert later["Last-Modified"] != first["Last-Modified"]
    return first.json(), by_etag.json()


def test_a_country_removed_takes_the_initiative_off_the_country_list(client, one_health):
    before, after = changes(
        client,
        "initiatives/?country=KG",
        lambda: one_health.country_shares.filter(country__code="KG").delete(),
    )

    assert [item["slug"] for item in before["results"]] == ["one-health"]
    assert after["results"] == []


def test_a_deleted_record_leaves_the_list(client, one_health):
    make_initiative(slug="other")

    before, after = changes(
        client, "initiatives/", lambda: Initiative.objects.filter(slug="other").delete()
    )

    assert before["count"] == 2
    assert [item["slug"] for item in after["results"]] == ["one-health"]


def test_a_renamed_nested_organisation_changes_the_list(client, one_health):
    def rename():
        lead = Organisation.objects.get(slug="iucn")
        lead.name_en = "IUCN, renamed"
        lead.save()

    _before, after = changes(client, "initiatives/", rename)

    lead = after["results"][0]["organisations"][0]["organisation"]
    assert lead["name"]["en"] == "IUCN, renamed"


def test_a_theme_unlinked_or_renamed_changes_the_list(client, one_health):
    health = Theme.objects.get(slug="health")

    _before, after = changes(client, "initiatives/?theme=health", lambda: one_health.themes.clear())
    assert after["results"] == []

    one_health.themes.add(health)

    def rename():
        health.name_en = "Health of all"
        health.save()

    _before, after = changes(client, "initiatives/one-health/", rename)
    assert after["themes"][0]["name"]["en"] == "Health of all"


def test_a_renamed_organisation_changes_the_event_and_organisation_details(client, one_health):
    organisation = Organisation.objects.get(slug="iucn")
    event = EventFactory(slug="forum")
    EventParticipationFactory(event=event, organisation=organisation)

    def rename():
        event.title_en = "Forum, renamed"
        event.save()

    _before, after = changes(client, "organisations/iucn/", rename)
    assert after["events"][0]["event"]["title"]["en"] == "Forum, renamed"


def test_a_spoken_language_changes_the_events_list(client):
    event = EventFactory(slug="forum")

    _before, after = changes(
        client, "events/", lambda: EventSpokenLanguage.objects.create(event=event, language="kk")
    )
    assert after["results"][0]["languages"] == ["kk"]


def test_a_change_to_what_a_list_does_not_show_keeps_its_etag(client, one_health, kazakhstan):
    first = client.get("/api/v1/initiatives/")

    # Events are not in the initiatives' representation (a new country would be).
    EventFactory(country=kazakhstan)

    response = client.get("/api/v1/initiatives/", headers={"if-none-match": first["ETag"]})
    assert response.status_code == 304


def test_a_change_in_the_last_seconds_gives_no_last_modified(client, one_health):
    # Two changes within one second would carry the same date: a client holding
    # the first would be told its copy is current. The ETag tells them apart.
    response = client.get("/api/v1/initiatives/")

    assert "Last-Modified" not in response
    assert response["ETag"]


def test_an_unknown_record_is_a_404_whatever_the_validators(client, one_health):
    settle()
    response = client.get(
        "/api/v1/initiatives/nothing/",
        headers={"if-modified-since": http_date(timezone.now().timestamp()), "if-none-match": "*"},
    )

    assert response.status_code == 404


def test_the_iati_file_changes_with_any_content(client, one_health):
    settle()
    first = client.get("/api/v1/initiatives.xml")
    b"".join(first.streaming_content)

    EventFactory()
    response = client.get("/api/v1/initiatives.xml", headers={"if-none-match": first["ETag"]})

    assert response.status_code == 200


def test_a_status_change_overnight_moves_last_modified(client):
    make_initiative(
        slug="x", start_date=days(-3), end_date=days(-1), start_precision="day", end_precision="day"
    )
    settle(seconds=3 * 24 * 3600)

    response = client.get("/api/v1/initiatives/x/")

    # Completed since today (the day after its end), though not saved since.
    midnight = datetime.datetime.combine(
        today(), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    assert response["Last-Modified"] == http_date(midnight.timestamp())


def test_etag_depends_on_the_query(client, one_health):
    first = client.get("/api/v1/initiatives/")
    other = client.get("/api/v1/initiatives/?status=ongoing")

    assert first["ETag"] != other["ETag"]
    response = client.get(
        "/api/v1/initiatives/?status=ongoing", headers={"if-none-match": first["ETag"]}
    )
    assert response.status_code == 200


def test_head_answers_like_get(client, one_health):
    response = client.head("/api/v1/initiatives/")

    assert response.status_code == 200
    assert response["ETag"]


# --- CORS ------------------------------------------------------------------


def test_api_allows_any_origin_to_read(client, one_health):
    response = get(client, "initiatives/", origin="https://partner.example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_api_preflight_allows_reads_only(client):
    response = client.options(
        "/api/v1/initiatives/",
        headers={
            "origin": "https://partner.example.org",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


def test_pages_outside_the_api_send_no_cors_headers(client):
    response = client.get("/en/initiatives/", headers={"origin": "https://partner.example.org"})

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


# --- Throttling ------------------------------------------------------------


def test_anonymous_clients_are_throttled(client, settings, monkeypatch):
    settings.API_THROTTLE_RATE = "3/minute"
    # Windows are aligned to the clock: all five requests fall 20 s into one.
    monkeypatch.setattr(AnonymousRateThrottle, "timer", staticmethod(lambda: 60 * 10**7 + 20.0))

    statuses = [get(client, "themes/").status_code for _request in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = get(client, "themes/")
    assert response.status_code == 429
    assert response["Retry-After"] == "40"  # when the window ends
    assert response.json()["status"] == 429
    # Others (another address) are counted apart.
    assert client.get("/api/v1/themes/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_throttle_ignores_a_spoofed_forwarded_for_without_proxies(client, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    settings.NUM_PROXIES = 0

    statuses = [
        client.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_throttle_behind_a_proxy_counts_the_address_it_saw(client, settings):
    settings.API_THROTTLE_RATE = "1/minute"
    settings.NUM_PROXIES = 1
    first = client.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR="198.51.100.7")

    # The client's own entry on the left changes nothing; another client is counted apart.
    spoofed = client.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7")
    other = client.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert (first.status_code, spoofed.status_code, other.status_code) == (200, 429, 200)


def test_throttle_rate_must_be_well_formed():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"API_THROTTLE_RATE": "lots", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "API_THROTTLE_RATE must look like" in result.stderr


# --- Query counts ----------------------------------------------------------


@pytest.mark.parametrize("count", [1, 12])
def test_not_modified_costs_the_clock_alone(client, django_assert_num_queries, count):
    make_initiatives(count)
    etag = client.get("/api/v1/initiatives/")["ETag"]

    # 1. the content clock; the answer is kept, so the filters ask nothing.
    with django_assert_num_queries(1):
        response = client.get("/api/v1/initiatives/", headers={"if-none-match": etag})
    assert response.status_code == 304

    # Nothing kept: 1. the clock, 2.-3. the latest start and end passed (an
    # index probe each, kept per day and version); no record is fetched.
    cache.clear()
    with django_assert_num_queries(3):
        response = client.get("/api/v1/initiatives/", headers={"if-none-match": etag})
    assert response.status_code == 304


@pytest.mark.parametrize("count", [1, 12])
def test_an_answer_is_kept_under_its_etag(client, django_assert_num_queries, count):
    make_initiatives(count)
    first = client.get("/api/v1/initiatives/?country=KZ")

    # The clock, then the kept answer: the same bytes, the same validators.
    with django_assert_num_queries(1):
        again = client.get("/api/v1/initiatives/?country=KZ")
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"


def test_an_answer_is_kept_per_host_and_language(client, one_health):
    english = client.get("/api/v1/initiatives/")
    russian = client.get("/api/v1/initiatives/", headers={"accept-language": "ru"})
    other_host = client.get("/api/v1/initiatives/", HTTP_HOST="localhost")

    assert len({english["ETag"], russian["ETag"], other_host["ETag"]}) == 3
    assert "http://localhost/api/v1/" in other_host.content.decode()
    assert "http://testserver/" not in other_host.content.decode()


# --- Schema and docs -------------------------------------------------------


def test_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"

    with translation.override("en"):
        call_command(
            "spectacular",
            "--file",
            str(generated),
            "--validate",
            "--fail-on-warn",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    assert generated.read_text() == SCHEMA_FILE.read_text(), (
        "The API changed: regenerate the schema with "
        "`.venv/bin/python manage.py spectacular --file alliance/api/openapi.yaml "
        "--validate --fail-on-warn` and commit it."
    )


@pytest.mark.parametrize(
    "path", ["/api/v1/initiatives/", "/api/v1/events/", "/api/v1/organisations/"]
)
def test_empty_filter_values_are_left_out_and_the_schema_says_so(client, path):
    """`?country=&status=` is what a form sends with nothing chosen: ignored, and documented
    as allowed (schemathesis once found it accepted but forbidden by the schema)."""
    import jsonschema

    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = schema["paths"][path]["get"]["parameters"]
    filters = [p for p in parameters if p["name"] not in ("page", "page_size")]

    response = client.get(path + "?" + "&".join(f"{p['name']}=" for p in filters))

    assert response.status_code == 200
    for parameter in filters:
        assert parameter.get("allowEmptyValue"), parameter["name"]
        if parameter["schema"]["type"] == "array":  # a repeated filter: [""] as sent
            jsonschema.validate([""], parameter["schema"])


def test_schema_is_served(client):
    response = client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/initiatives/" in schema["paths"]
    assert "/api/v1/initiatives.xml" in schema["paths"]


def test_docs_load_swagger_from_our_static_files(client):
    page = client.get("/api/v1/docs/")

    assert page.status_code == 200
    content = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in content
    assert "https://" not in content
    # No inline script: the page's CSP allows scripts from our origin only.
    assert "<script>" not in content
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
