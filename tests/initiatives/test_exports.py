"""Heavy exports: built ahead and served as files, streamed otherwise, broken loudly, limited.

The CSV (/<lang>/initiatives/export.csv) and the IATI file (/api/v1/initiatives.xml).
"""

import csv
import datetime
import io
import logging
import re
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from lxml import etree

from initiatives import exports, iati, services
from initiatives.models import Initiative, ParticipationRole
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    ThemeFactory,
)
from toolkit.clock import stamp

pytestmark = pytest.mark.django_db

CSV_URL = "/en/initiatives/export.csv"
IATI_URL = "/api/v1/initiatives.xml"
SCHEMA = Path(__file__).resolve().parents[2] / "initiatives" / "iati_schema" / "2.03"


@pytest.fixture(scope="module")
def iati_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA / "iati-activities-schema.xsd")))


# --- Local helpers ---------------------------------------------------------


def body(response):
    """The whole body; read, a download frees its client's slot."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def fetch(client, url, params=None, **headers):
    """A download read to its end."""
    response = client.get(url, params or {}, headers=headers)
    response.body = body(response)
    return response


def make_initiatives(count, prefix="initiative"):
    kazakhstan = CountryFactory(code="KZ", name_en="Kazakhstan")
    theme = ThemeFactory(slug="water", name_en="Water")
    for number in range(count):
        initiative = InitiativeFactory(slug=f"{prefix}-{number}", title_en=f"Initiative {number}")
        ParticipationFactory(initiative=initiative, role=ParticipationRole.LEAD)
        CountryShareFactory(initiative=initiative, country=kazakhstan, percentage=Decimal("100"))
        initiative.themes.add(theme)


def csv_titles(content):
    rows = list(csv.reader(io.StringIO(content.decode().removeprefix("\ufeff"))))
    return [row[0] for row in rows[1:]]


def iati_identifiers(content):
    return etree.fromstring(content).xpath("iati-activity/iati-identifier/text()")


@pytest.fixture
def prebuilt(settings, tmp_path):
    """Exports built ahead into a directory of the test's own."""
    settings.PREBUILT_EXPORTS = True
    settings.EXPORTS_DIR = tmp_path / "exports"
    settings.SITE_URL = "http://testserver"
    return settings.EXPORTS_DIR


def served_from_a_file(response):
    return hasattr(response, "file_to_stream")


# --- Streamed: bounded memory, and loud when broken ---------------------------


def test_iati_is_streamed_a_few_activities_at_a_time(client, monkeypatch, iati_schema):
    make_initiatives(5)
    monkeypatch.setattr(iati, "PIECE_SIZE", 2)

    response = client.get(IATI_URL)

    assert response.streaming
    pieces = list(response.streaming_content)
    # The head, then 2 + 2 activities, then the last one with the end.
    assert len(pieces) == 4
    assert pieces[0].startswith(b"<?xml") and b"<iati-activity " not in pieces[0]
    assert pieces[1].count(b"<iati-activity ") == 2
    document = etree.fromstring(b"".join(pieces))
    iati_schema.assertValid(document)
    assert len(document) == 5


def test_iati_reads_the_initiatives_a_chunk_at_a_time(
    client, monkeypatch, django_assert_num_queries
):
    make_initiatives(5)
    monkeypatch.setattr(iati, "CHUNK_SIZE", 2)

    # The validators (the content clock, the latest start and end passed),
    # the alliance profile, the initiatives (one query, read a chunk at a time
    # from its cursor), then for each chunk of 2, 2 and 1: their
    # participations, country shares, region shares and themes, each with the
    # names it shows; and once, with the first chunk, the themes' sectors.
    with django_assert_num_queries(3 + 1 + 1 + 4 * 3 + 1):
        document = etree.fromstring(body(client.get(IATI_URL)))

    assert len(document) == 5


def test_csv_failing_halfway_breaks_the_download_and_is_logged(client, monkeypatch, caplog):
    make_initiatives(5)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    original = exports.Relations
    chunks_read = []

    def failing_relations(chunk, *args):
        chunks_read.append(chunk)
        if len(chunks_read) == 2:
            raise RuntimeError("the database went away")
        return original(chunk, *args)

    monkeypatch.setattr(exports, "Relations", failing_relations)

    response = client.get(CSV_URL)
    assert response.status_code == 200
    received = []
    with (
        caplog.at_level(logging.ERROR, logger="toolkit.downloads"),
        pytest.raises(RuntimeError, match="the database went away"),
    ):
        for piece in response.streaming_content:
            received.append(piece)

    # The header and the first two rows went out; then the server must drop
    # the connection: the exception reaches it, nothing ends the body cleanly.
    assert csv_titles(b"".join(received)) == ["Initiative 0", "Initiative 1"]
    (record,) = caplog.records
    assert "The initiatives CSV export (/en/initiatives/export.csv) failed after 2 chunks" in (
        record.getMessage()
    )
    assert record.exc_info[0] is RuntimeError


def test_iati_failing_halfway_breaks_the_download_and_is_logged(client, monkeypatch, caplog):
    make_initiatives(5)
    monkeypatch.setattr(iati, "PIECE_SIZE", 2)
    original = iati.activity

    def failing_activity(initiative, *args):
        if initiative.slug == "initiative-3":
            raise ValueError("an unexpected value")
        return original(initiative, *args)

    monkeypatch.setattr(iati, "activity", failing_activity)

    response = client.get(IATI_URL)
    received = []
    with (
        caplog.at_level(logging.ERROR, logger="toolkit.downloads"),
        pytest.raises(ValueError, match="an unexpected value"),
    ):
        for piece in response.streaming_content:
            received.append(piece)

    assert b"</iati-activities>" not in b"".join(received)
    (record,) = caplog.records
    assert record.getMessage().startswith("The IATI export (/api/v1/initiatives.xml) failed")


# --- Built ahead, served as files -------------------------------------------------


def test_prebuilt_csv_is_the_streamed_csv_served_from_a_file(
    client, settings, prebuilt, django_assert_num_queries
):
    make_initiatives(3)
    settings.PREBUILT_EXPORTS = False
    streamed = client.get("/ru/initiatives/export.csv")
    streamed_body = body(streamed)
    settings.PREBUILT_EXPORTS = True
    call_command("build_exports", stdout=io.StringIO())

    # No query: the file and its manifest are all it needs.
    with django_assert_num_queries(0):
        response = client.get("/ru/initiatives/export.csv")
        content = body(response)

    assert served_from_a_file(response)
    assert not served_from_a_file(streamed)
    assert content == streamed_body
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == streamed["Content-Disposition"]
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]


def test_prebuilt_files_answer_304_to_a_client_that_has_them(client, prebuilt):
    make_initiatives(2)
    services.build_exports()
    csv_response = fetch(client, CSV_URL)
    iati_response = fetch(client, IATI_URL)

    assert fetch(client, CSV_URL, if_none_match=csv_response["ETag"]).status_code == 304
    again = fetch(client, IATI_URL, if_none_match=iati_response["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == iati_response["ETag"]
    since = fetch(client, IATI_URL, if_modified_since=iati_response["Last-Modified"])
    assert since.status_code == 304


def test_prebuilt_iati_is_valid_and_names_every_reportable_initiative(
    client, prebuilt, iati_schema
):
    make_initiatives(3)
    InitiativeFactory(slug="no-organisation")  # not reportable: no organisation
    services.build_exports()

    response = fetch(client, IATI_URL, origin="https://partner.example.org")

    assert served_from_a_file(response)
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "no-cache"
    document = etree.fromstring(response.body)
    iati_schema.assertValid(document)
    assert sorted(iati_identifiers(response.body)) == [
        "TSAKO-initiative-0",
        "TSAKO-initiative-1",
        "TSAKO-initiative-2",
    ]
    assert 'url="http://testserver/en/initiatives/initiative-0/"' in response.body.decode()


def test_rebuilding_unchanged_content_keeps_the_validators(client, prebuilt, monkeypatch):
    make_initiatives(2)
    services.build_exports()
    first = fetch(client, IATI_URL)
    first_csv = fetch(client, CSV_URL)
    an_hour_later = timezone.now() + datetime.timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: an_hour_later)

    services.build_exports()  # a new generated-datetime, the same activities

    # The file built first stays: its activities are still current.
    again = fetch(client, IATI_URL)
    assert again.body == first.body
    assert (again["ETag"], again["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
    assert fetch(client, CSV_URL)["ETag"] == first_csv["ETag"]
    # One version of each of the four files on disk, besides their manifests.
    versions = [path for path in prebuilt.iterdir() if re.search(r"-[0-9a-f]{16}\.", path.name)]
    assert len(versions) == 4


def test_filtered_exports_are_streamed_even_with_files_built(client, prebuilt):
    make_initiatives(2)
    InitiativeFactory(slug="planned", title_en="Planned", start_date=None, end_date=None)
    services.build_exports()

    filtered = client.get(CSV_URL, {"status": "ongoing"})
    iati_filtered = client.get(IATI_URL, {"country": "KZ"})

    assert not served_from_a_file(filtered)
    assert csv_titles(body(filtered)) == ["Initiative 0", "Initiative 1"]
    assert not served_from_a_file(iati_filtered)
    assert len(iati_identifiers(body(iati_filtered))) == 2
    # An empty parameter filters nothing: the file.
    assert served_from_a_file(client.get(CSV_URL, {"q": ""}))


def test_without_a_file_the_export_streams_and_asks_for_a_build(
    client, prebuilt, django_capture_on_commit_callbacks
):
    make_initiatives(2)
    cache.clear()  # the data set-up asked for a build already

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = client.get(CSV_URL)
        first_body = body(first)

    assert not served_from_a_file(first)
    assert len(callbacks) == 1  # the build, run here in-process (no broker in tests)
    second = client.get(CSV_URL)
    assert served_from_a_file(second)
    assert body(second) == first_body


def test_a_change_rebuilds_the_files_once_per_burst(
    client, prebuilt, monkeypatch, django_capture_on_commit_callbacks
):
    make_initiatives(2)
    services.build_exports()
    before = fetch(client, CSV_URL)
    builds = []
    build = services.build_exports
    monkeypatch.setattr(services, "build_exports", lambda: builds.append(1) or build())

    with django_capture_on_commit_callbacks(execute=True):
        initiative = Initiative.objects.get(slug="initiative-0")
        initiative.title_en = "Renamed"
        initiative.save()
        OrganisationFactory(name_en="Another")  # shown in the exports too
        initiative.themes.clear()

    assert builds == [1]
    after = fetch(client, CSV_URL)
    assert "Renamed" in csv_titles(after.body)
    assert after["ETag"] != before["ETag"]
    # The build has started: the next change asks for another.
    with django_capture_on_commit_callbacks(execute=True):
        Initiative.objects.filter(slug="initiative-1").get().delete()
    assert builds == [1, 1]
    assert csv_titles(body(client.get(CSV_URL))) == ["Renamed"]


def test_changes_build_nothing_when_exports_are_streamed(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PREBUILT_EXPORTS = False
    settings.EXPORTS_DIR = tmp_path

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_initiatives(1)

    # Only the content clock's stamps (toolkit.clock): no build is queued.
    assert [callback for callback in callbacks if getattr(callback, "func", None) != stamp] == []
    assert list(tmp_path.iterdir()) == []


def test_a_build_failing_halfway_keeps_the_previous_file(client, prebuilt, monkeypatch):
    make_initiatives(3)
    services.build_exports()
    before = body(client.get(CSV_URL))
    Initiative.objects.filter(slug="initiative-0").update(title_en="Changed")
    monkeypatch.setattr(exports, "CHUNK_SIZE", 1)
    original = exports.Relations

    def failing_relations(chunk, *args):
        if chunk[0].slug == "initiative-1":
            raise RuntimeError("the database went away")
        return original(chunk, *args)

    monkeypatch.setattr(exports, "Relations", failing_relations)

    with pytest.raises(RuntimeError):
        services.build_exports()

    response = client.get(CSV_URL)
    assert served_from_a_file(response)
    assert body(response) == before
    assert not [path for path in prebuilt.iterdir() if path.name.startswith(".")]


# --- At most a few heavy requests at a time per client --------------------------


def test_a_third_download_at_once_is_refused_with_retry_after(client, settings):
    settings.DOWNLOADS_PER_CLIENT = 2
    settings.DOWNLOADS_AT_ONCE = 10
    make_initiatives(2)

    first = client.get(CSV_URL)
    second = client.get(IATI_URL)  # the IATI file counts too
    third = client.get(CSV_URL, {"status": "ongoing"})  # filtered or not

    assert (first.status_code, second.status_code) == (200, 200)
    assert third.status_code == 429
    assert third["Retry-After"] == "30"
    assert third["Content-Type"] == "text/plain; charset=utf-8"
    assert "already downloading" in third.content.decode()
    # Another address is not held back.
    assert Client(REMOTE_ADDR="10.0.0.2").get(CSV_URL).status_code == 200
    # A download that has been sent frees its slot.
    body(first)
    assert client.get(CSV_URL).status_code == 200


def test_api_over_the_limit_answers_in_the_api_error_shape(client, settings):
    settings.DOWNLOADS_PER_CLIENT = 1
    make_initiatives(1)
    held = client.get(CSV_URL)

    response = client.get(IATI_URL)

    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    error = response.json()
    assert error["status"] == 429
    assert "already downloading" in error["detail"]
    body(held)
    assert client.get(IATI_URL).status_code == 200


def test_all_clients_together_leave_workers_for_pages(client, settings):
    settings.DOWNLOADS_PER_CLIENT = 2
    settings.DOWNLOADS_AT_ONCE = 2
    make_initiatives(1)
    first = Client(REMOTE_ADDR="10.0.0.1").get(CSV_URL)
    second = Client(REMOTE_ADDR="10.0.0.2").get(IATI_URL)
    third = Client(REMOTE_ADDR="10.0.0.3")

    busy = third.get(CSV_URL)
    busy_api = third.get(IATI_URL)

    assert busy.status_code == 429
    assert busy["Retry-After"] == "10"
    assert "as many exports as it can at once" in busy.content.decode()
    assert busy_api.status_code == 429
    assert busy_api.json()["status"] == 429
    assert "as many exports as it can at once" in busy_api.json()["detail"]
    # Pages are not downloads.
    assert third.get("/en/initiatives/").status_code == 200
    # Once one has been sent, the third client's turn: its refusals held nothing.
    body(first)
    assert fetch(third, CSV_URL).status_code == 200
    assert fetch(third, CSV_URL).status_code == 200
    body(second)


def test_prebuilt_file_downloads_hold_a_slot_until_sent(client, settings, prebuilt):
    settings.DOWNLOADS_PER_CLIENT = 1
    make_initiatives(1)
    services.build_exports()

    held = client.get(CSV_URL)

    assert served_from_a_file(held)
    assert client.get(IATI_URL).status_code == 429
    body(held)
    assert client.get(IATI_URL).status_code == 200


def test_refused_and_bad_requests_hold_no_slot(client, settings):
    settings.DOWNLOADS_PER_CLIENT = 1

    for _attempt in range(3):
        assert client.get(CSV_URL, {"country": "XX"}).status_code == 400
        assert client.get(IATI_URL, {"country": "KAZ"}).status_code == 400

    assert client.get(CSV_URL).status_code == 200


def test_a_slot_a_crashed_request_never_freed_expires(client, settings, monkeypatch):
    settings.DOWNLOADS_PER_CLIENT = 1
    settings.DOWNLOAD_SLOT_SECONDS = 60
    held = client.get(CSV_URL)  # never read nor closed: its worker died, say
    assert client.get(CSV_URL).status_code == 429

    # 61 seconds later, for the cache.
    later = time.time() + 61
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: later))

    assert client.get(CSV_URL).status_code == 200
    assert held.status_code == 200


def test_refusal_is_in_the_readers_language(client, settings):
    settings.DOWNLOADS_PER_CLIENT = 1
    held = client.get("/kk/initiatives/export.csv")

    refused = client.get("/ru/initiatives/export.csv")

    assert refused.status_code == 429
    assert "уже скачивается" in refused.content.decode()
    assert held.status_code == 200
