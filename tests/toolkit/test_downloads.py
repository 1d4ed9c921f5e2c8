"""toolkit.downloads on its own: published files, streams that fail loudly, the query test."""

import logging

import pytest
from django.http import QueryDict

from toolkit.downloads import PublishedFile, asks_for_everything, fail_loudly


def test_publish_renames_a_new_version_into_place_and_keeps_the_one_before(tmp_path):
    published = PublishedFile(tmp_path, "report.csv")
    assert published.current() is None

    first = published.publish(b"head 1\n", [b"body ", b"one\n"])
    second = published.publish(b"head 2\n", [b"body two\n"])

    assert published.current() == second
    assert second.path.read_bytes() == b"head 2\nbody two\n"
    assert second.etag != first.etag
    # A reader that found the first version just before keeps finding it...
    assert first.path.read_bytes() == b"head 1\nbody one\n"
    # ...until the build after: two versions at most, no temporary file left.
    third = published.publish(b"", [b"body three\n"])
    assert not first.path.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [second.path.name, third.path.name, "report.csv.json"]
    )


def test_publish_that_fails_halfway_leaves_the_current_version(tmp_path):
    published = PublishedFile(tmp_path, "report.csv")
    current = published.publish(b"", [b"complete\n"])

    def body():
        yield b"half of "
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        published.publish(b"", body())

    assert published.current() == current
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [current.path.name, "report.csv.json"]
    )


def test_a_damaged_manifest_means_no_file(tmp_path):
    (tmp_path / "report.csv.json").write_text("{not json")

    assert PublishedFile(tmp_path, "report.csv").current() is None


def test_fail_loudly_passes_chunks_through_then_logs_and_raises(caplog):
    def rows():
        yield "header\n"
        yield "row 1\n"
        raise LookupError("gone")

    received = []
    with caplog.at_level(logging.ERROR), pytest.raises(LookupError):
        for chunk in fail_loudly(rows(), "The test export"):
            received.append(chunk)

    assert received == ["header\n", "row 1\n"]
    assert caplog.records[0].getMessage().startswith("The test export failed after 2 chunks")


@pytest.mark.parametrize(
    ("query", "everything"),
    [("", True), ("q=&country=", True), ("country=KZ", False), ("country=&country=KZ", False)],
)
def test_asks_for_everything_when_no_parameter_has_a_value(query, everything):
    assert asks_for_everything(QueryDict(query)) is everything


def test_fail_loudly_closes_what_it_streams_when_the_client_goes():
    closed = []

    def rows():
        try:
            yield "header\n"
            yield "row 1\n"
        finally:
            closed.append(True)

    produced = rows()  # still referenced (by a response, say): not collected
    stream = fail_loudly(produced, "The test export")
    assert next(stream) == "header\n"

    stream.close()  # what the server does when the client hangs up

    assert closed == [True]
