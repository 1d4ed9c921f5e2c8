"""The base of every API endpoint: read-only, strict about input, cheap to poll.

A partner's nightly sync sends back the ETag (or Last-Modified) it was given;
when nothing it would receive has changed, it gets a 304 for the price of one
query of one row (toolkit.clock), before any record is fetched. An answer is
kept in the cache under its ETag, so the next client asking the same thing
at the same version gets it for that same price.
"""

import datetime
import functools
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from toolkit import clock
from toolkit.cache import data_timeout
from toolkit.models import SLUG, ContentClock

# Bump when a representation changes without any data changing (a new field,
# a fixed format), so that partners' cached copies are not taken as current.
REVISION = "2"

# A change this recent gives no Last-Modified: a second change within the
# same second would carry the same date (HTTP dates count whole seconds), and
# a client holding the first would be told its copy is current. The ETag,
# which changes with every change, is sent regardless.
FRESH_SECONDS = 2


@dataclass
class Version:
    """What a response's validators are made of."""

    etag: str
    last_modified: datetime.datetime | None = None
    exists: bool = True


def local_midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def models_shown(serializer):
    """The models whose records `serializer` shows: its own and those of its nested serializers."""
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    found = set()
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is not None:
        found.add(model)
    for field in serializer.fields.values():
        if isinstance(field, serializers.BaseSerializer):
            found |= models_shown(field)
    return found


@functools.cache
def models_of(serializer_class, also_shows):
    return frozenset(models_shown(serializer_class()) | set(also_shows))


class ConditionalMixin:
    """ETag and Last-Modified from the content clock, and a 304 when the client is up to date.

    The validators are made of the versions (toolkit.clock) of every model
    the answer shows: the serializer's and its nested serializers' models,
    found by walking them, plus `also_shows` for what a field reads without a
    serializer of its own. Any save, deletion or relinking of such a record,
    in this list or not, gives a new ETag: a record that joins or leaves a
    list (a country share removed, a record deleted) changes it, and so does
    a renamed organisation that a list nests. It is conservative: a change
    elsewhere in the model changes it too, and costs the client one download.

    An initiative's status changes on its start date and the day after its
    end with no record saved: `changes_on` names such dates (and the days
    after them), and the latest one that has passed, across the whole table
    (an index gives it at once), is part of the validators.

    The ETag also hashes the request's address, host, language (search and
    sorting by name follow it) and negotiated media type; Last-Modified is
    the latest of the moments above.
    """

    changes_on = {}
    also_shows = ()

    def shown_models(self):
        return models_of(self.get_serializer_class(), tuple(self.also_shows))

    def etag(self, *parts):
        request = self.request
        text = "|".join(
            str(part)
            for part in (
                REVISION,
                request.build_absolute_uri(),
                get_language(),
                getattr(request, "accepted_media_type", ""),
            )
        )
        digest = hashlib.sha256(text.encode())
        for part in parts:
            digest.update(b"|" + str(part).encode())
        return f'W/"{digest.hexdigest()[:40]}"'

    def version_of(self, queryset, detail=False):
        """The Version of an answer built from `queryset`: one query, whatever its size.

        `detail`: also whether `queryset` has a record (a detail's 404).
        """
        model = queryset.model
        today = timezone.localdate()
        extra = {}
        for field, days in self.changes_on.items():
            passed = model._base_manager.filter(
                **{f"{field}__lte": today - datetime.timedelta(days)}
            ).order_by(f"-{field}")
            extra[f"passed_{field}"] = Subquery(passed.values(field)[:1])
        if detail:
            extra["exists"] = Exists(queryset.order_by())
        row = clock_row(extra)
        versions, latest = clock.versions_of(row["versions"], clock.labels(self.shown_models()))
        moments = [latest] if latest else []
        for field, days in self.changes_on.items():
            if (day := row[f"passed_{field}"]) is not None:
                moments.append(local_midnight(day + datetime.timedelta(days)))
        passed = [row[f"passed_{field}"] for field in self.changes_on]
        last_modified = max(moments, default=None)
        if last_modified and timezone.now() - last_modified < datetime.timedelta(
            seconds=FRESH_SECONDS
        ):
            last_modified = None
        return Version(
            etag=self.etag(sorted(versions.items()), passed),
            last_modified=last_modified,
            exists=row.get("exists", True),
        )

    def not_modified(self, version):
        """A 304 (or 412) when the client's copy is current; None otherwise."""
        timestamp = int(version.last_modified.timestamp()) if version.last_modified else None
        response = get_conditional_response(
            self.request, etag=version.etag, last_modified=timestamp
        )
        if response is not None:
            self.add_validators(response, version)
        return response

    def cache_key(self, version):
        return f"api:{version.etag[3:-1]}"

    def kept_answer(self, version):
        """The answer kept under this ETag (a 304 if the client has it), or None.

        Only a 200 is kept, so the request was valid when it was made: its
        filters need no second check.
        """
        kept = cache.get(self.cache_key(version))
        if kept is None:
            return None
        if (not_modified := self.not_modified(version)) is not None:
            return not_modified
        content_type, body = kept
        return self.add_validators(HttpResponse(body, content_type=content_type), version)

    def keep(self, response, version):
        """`response` with its validators, to be kept under its ETag once rendered."""
        self.keep_as = self.cache_key(version)
        return self.add_validators(response, version)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(self, "keep_as", None)
        if key and response.status_code == 200 and isinstance(response, Response):
            response.render()
            cache.set(key, (response["Content-Type"], response.content), data_timeout())
        return response

    def add_validators(self, response, version):
        response["ETag"] = version.etag
        if version.last_modified:
            response["Last-Modified"] = http_date(version.last_modified.timestamp())
        # Clients may keep a copy but must ask (conditionally) before using it.
        response["Cache-Control"] = "no-cache"
        return response


def clock_row(extra):
    """The clock's row with `extra` annotations; the row is made if no change ever made it."""
    for _attempt in range(2):
        row = ContentClock.objects.filter(pk=clock.CLOCK).values("versions", **extra).first()
        if row is not None:
            return row
        ContentClock.objects.get_or_create(pk=clock.CLOCK)
    raise RuntimeError("The content clock cannot be read.")


class ReadOnlyViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """A list (filtered by the app's FilterSet, paginated) and a detail by slug."""

    lookup_field = "slug"
    # Anything up to the next slash reaches the view, which answers a JSON 404.
    lookup_value_regex = "[^/]+"
    lookup_pattern = SLUG
    not_found_message = _("Nothing has the slug “%(value)s”.")

    def filter_queryset(self, queryset):
        # The FilterSet is the list's; a detail finds its record by slug alone.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def lookup_value(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if not self.lookup_pattern.fullmatch(value):
            # Not a query: a NUL byte, say, is not even a valid PostgreSQL string.
            raise self.not_found(value)
        return value

    def not_found(self, value):
        return exceptions.NotFound(self.not_found_message % {"value": value[:100]})

    def list(self, request, *args, **kwargs):
        # The clock first: whatever is read after it is at least as new.
        version = self.version_of(self.get_queryset())
        if (answer := self.kept_answer(version)) is not None:
            return answer
        queryset = self.filter_queryset(self.get_queryset())  # 400 on a wrong filter
        self.paginator.validate(request)  # 400 on a wrong page or page size
        if (not_modified := self.not_modified(version)) is not None:
            return not_modified
        page = self.paginate_queryset(queryset)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        return self.keep(response, version)

    def retrieve(self, request, *args, **kwargs):
        value = self.lookup_value()
        queryset = self.get_queryset().filter(**{self.lookup_field: value})
        version = self.version_of(queryset, detail=True)
        if not version.exists:
            raise self.not_found(value)
        if (answer := self.kept_answer(version)) is not None:
            return answer
        if (not_modified := self.not_modified(version)) is not None:
            return not_modified
        instance = next(iter(queryset), None)
        if instance is None:
            raise self.not_found(value)
        return self.keep(Response(self.get_serializer(instance).data), version)
