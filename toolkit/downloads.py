"""Heavy downloads (whole exports): files built ahead, streams that fail loudly, a per-client limit.

- `PublishedFile`: a file built in the background (a Celery task) and served
  as it is, with an ETag and Last-Modified, instead of being built again for
  every request. It is written to a temporary file and renamed, then a small
  manifest pointing to it is renamed into place: a reader sees the old file
  or the new one, never half of one.
- `streaming_download`: a streamed body whose generator raises halfway is
  logged and the error raised again, so the server drops the connection (a
  chunked body then never ends cleanly) and the client sees a broken download,
  not a short file that looks complete.
- `limit_concurrent_downloads`: at most settings.DOWNLOADS_PER_CLIENT heavy
  requests at a time per client address, and settings.DOWNLOADS_AT_ONCE for
  all clients together, so that downloads cannot hold every worker. Each
  slot is a cache key with a timeout, so a request that crashed frees its
  slot after settings.DOWNLOAD_SLOT_SECONDS at the latest.
"""

import datetime
import functools
import hashlib
import json
import logging
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _

from toolkit.antispam import client_ip

logger = logging.getLogger(__name__)

# How long a client over its limit, or over all clients' limit, is asked to wait (seconds).
RETRY_AFTER = 30
RETRY_AFTER_BUSY = 10
TOO_MANY_DOWNLOADS = _(
    "Your address is already downloading as many exports as it may at once. "
    "Please try again when one of them has finished."
)
SERVER_BUSY = _(
    "The server is sending as many exports as it can at once. Please try again in a moment."
)


# --- Files built ahead ------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """The current version of a published file."""

    path: Path
    etag: str
    last_modified: datetime.datetime


class PublishedFile:
    """A file built ahead in `directory`, under `name` (e.g. "initiatives-en.csv").

    Each version is kept in its own file (`initiatives-en-<hash>.csv`), and a
    manifest (`initiatives-en.csv.json`) names the current one with its ETag
    and Last-Modified. The version before stays on disk until the next build,
    so a request that read the manifest just before a new one was renamed
    into place still finds its file. (Hand-written: Django's storages write
    a file in place, where a reader could meet half of it.)
    """

    def __init__(self, directory, name):
        self.directory = Path(directory)
        self.name = name
        self.stem, self.suffix = os.path.splitext(name)
        self.manifest = self.directory / f"{name}.json"

    def current(self):
        """The current version, or None while none has been built."""
        try:
            data = json.loads(self.manifest.read_text())
            published = Published(
                path=self.directory / data["file"],
                etag=data["etag"],
                last_modified=datetime.datetime.fromisoformat(data["last_modified"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return published if published.path.is_file() else None

    def publish(self, head, body):
        """Write `head` (bytes) then each of the `body` chunks (bytes) as the new version.

        The ETag is a hash of the body alone: the head may carry the time the
        file was generated, and a file whose body did not change keeps its
        ETag and Last-Modified (the previous version stays; nothing is
        renamed). Should `body` raise, the temporary file is removed and the
        previous version stays current. Returns the current version.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=f".{self.stem}-")
        try:
            with os.fdopen(handle, "wb") as output:
                output.write(head)
                for chunk in body:
                    digest.update(chunk)
                    output.write(chunk)
                output.flush()
                os.fsync(output.fileno())
            etag = f'W/"{digest.hexdigest()[:40]}"'
            previous = self.current()
            if previous is not None and previous.etag == etag:
                os.unlink(temporary)
                return previous
            # Readable by the web server's user too (mkstemp makes it private).
            os.chmod(temporary, 0o644)
            path = self.directory / f"{self.stem}-{digest.hexdigest()[:16]}{self.suffix}"
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        now = timezone.now()
        self._write_manifest({"file": path.name, "etag": etag, "last_modified": now.isoformat()})
        self._remove_older_than(path, previous)
        return Published(path=path, etag=etag, last_modified=now)

    def _write_manifest(self, data):
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=f".{self.name}-")
        with os.fdopen(handle, "w") as output:
            json.dump(data, output)
        os.chmod(temporary, 0o644)
        os.replace(temporary, self.manifest)

    def _remove_older_than(self, current, previous):
        keep = {current.name, previous.path.name if previous else None}
        version = re.compile(rf"{re.escape(self.stem)}-[0-9a-f]{{16}}{re.escape(self.suffix)}")
        for path in self.directory.iterdir():
            if version.fullmatch(path.name) and path.name not in keep:
                path.unlink(missing_ok=True)

    def serve(self, request, *, content_type, filename=None):
        """The current version as a response (or a 304 for a client that has it); None if none."""
        published = self.current()
        if published is None:
            return None
        last_modified = int(published.last_modified.timestamp())
        response = get_conditional_response(
            request, etag=published.etag, last_modified=last_modified
        )
        if response is None:
            try:
                response = FileResponse(published.path.open("rb"), content_type=content_type)
            except FileNotFoundError:  # removed since current() looked: two builds ago
                return None
            if filename:
                response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["ETag"] = published.etag
        response["Last-Modified"] = http_date(last_modified)
        return response


# --- Streams that fail loudly -------------------------------------------------


def fail_loudly(chunks, description):
    """Yield `chunks`; an error halfway is logged and raised again, never turned into an end.

    With WSGI, an exception from the response's iterator makes the server
    drop the connection: a chunked body gets no final chunk, so the client
    knows its copy is incomplete. Catching it here would end the body cleanly.
    """
    sent = 0
    try:
        for chunk in chunks:
            yield chunk
            sent += 1
    except Exception:
        logger.exception(
            "%s failed after %d chunks; the connection is dropped so the client sees it.",
            description,
            sent,
        )
        raise
    finally:
        # A client gone halfway: the producer's cursors are closed now, not when collected.
        if hasattr(chunks, "close"):
            chunks.close()


def streaming_download(chunks, description, *, content_type, filename=None):
    response = StreamingHttpResponse(fail_loudly(chunks, description), content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def asks_for_everything(query):
    """Whether a query string (a QueryDict) filters nothing: no parameter has a value."""
    return not any(value for _name, values in query.lists() for value in values)


# --- At most a few at a time per client -----------------------------------------


class DownloadsRefused(Exception):
    """No slot: the client, or all clients together, already have as many downloads as allowed."""

    def __init__(self, message, retry_after):
        super().__init__(str(message))
        self.message = message
        self.retry_after = retry_after


class DownloadSlot:
    """A heavy request's place: one of its client's and one of all clients' together.

    A client address holds at most settings.DOWNLOADS_PER_CLIENT; all clients
    together at most settings.DOWNLOADS_AT_ONCE, which is kept below the
    number of gunicorn workers so that some are always left for pages. Each
    place is a cache key, taken with cache.add() (atomic; Redis: SET NX) so
    that two workers cannot take the same one, and with a timeout that frees
    it should its request die without releasing it. (Hand-written: rate
    limiters such as DRF's throttles count requests in a window, not the
    requests running now.)
    """

    def __init__(self, keys, token):
        self.keys = keys
        self.token = token

    @classmethod
    def take(cls, request):
        """The request's slot; raises DownloadsRefused when there is none."""
        token = secrets.token_hex(8)
        own = cls._take_one(client_ip(request), settings.DOWNLOADS_PER_CLIENT, token)
        if own is None:
            raise DownloadsRefused(TOO_MANY_DOWNLOADS, RETRY_AFTER)
        shared = cls._take_one("*", settings.DOWNLOADS_AT_ONCE, token)
        if shared is None:
            cls([own], token).release()
            raise DownloadsRefused(SERVER_BUSY, RETRY_AFTER_BUSY)
        return cls([own, shared], token)

    @staticmethod
    def _take_one(holder, count, token):
        for number in range(count):
            key = f"download-slot:{holder}:{number}"
            if cache.add(key, token, timeout=settings.DOWNLOAD_SLOT_SECONDS):
                return key
        return None

    def release(self):
        for key in self.keys:
            # Not if it timed out and another request holds it now.
            if cache.get(key) == self.token:
                cache.delete(key)

    def hold_until_sent(self, response):
        """Release the slot when the server closes the response: all sent, or the client gone."""
        close = response.close

        def close_and_release():
            try:
                close()
            finally:
                self.release()

        response.close = close_and_release
        return response


def refused(reason):
    response = HttpResponse(
        f"{reason.message}\n", status=429, content_type="text/plain; charset=utf-8"
    )
    response["Retry-After"] = str(reason.retry_after)
    return response


def limit_concurrent_downloads(view):
    """A view that answers 429 (plain text, Retry-After) while its client has too many running."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            slot = DownloadSlot.take(request)
        except DownloadsRefused as reason:
            return refused(reason)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            slot.release()
            raise
        return slot.hold_until_sent(response)

    return wrapped
