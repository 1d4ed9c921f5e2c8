"""The base of every API endpoint: read-only, strict about input, cheap to poll.

A partner's nightly sync sends back the ETag (or Last-Modified) it was given;
when nothing it would receive has changed, it gets a 304 for the price of the
filters' validation and one aggregate query, before any record is fetched.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from toolkit.models import SLUG, TimestampedModel

# Bump when a representation changes without any data changing (a new field,
# a fixed format), so that partners' cached copies are not taken as current.
REVISION = "2"


@dataclass
class Version:
    """What a response's validators are made of."""

    etag: str
    last_modified: datetime.datetime | None = None
    count: int | None = None


def local_midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


class ConditionalMixin:
    """ETag and Last-Modified from the database, and a 304 when the client is up to date.

    For timestamped records, one aggregate query over the requested records
    gives their count, the latest `updated_at` (theirs and that of the related
    records listed in `changed_with`, which their representation shows) and
    the latest of the dates in `changes_on` that has passed: an initiative's
    status changes on its start date and the day after its end, with no
    record saved. Last-Modified is the latest of these moments; the ETag
    hashes them all with the request's path, query and language (search and
    sorting by name follow the language). A deletion changes the count.

    Countries and themes keep no timestamp: their ETag hashes the response
    body, which is small. Their renaming reaches the other endpoints' ETags
    only when those records next change.
    """

    changes_on = {}
    changed_with = ()

    def etag(self, *parts):
        request = self.request
        text = "|".join(str(part) for part in (REVISION, request.get_full_path(), get_language()))
        digest = hashlib.sha256(text.encode())
        for part in parts:
            digest.update(b"|" + (part if isinstance(part, bytes) else str(part).encode()))
        return f'W/"{digest.hexdigest()[:40]}"'

    def version_of(self, queryset):
        """The Version of the records in `queryset`; None for untimestamped models."""
        model = queryset.model
        if not issubclass(model, TimestampedModel):
            return None
        today = timezone.localdate()
        aggregates = {"count": Count("pk", distinct=True), "updated": Max("updated_at")}
        for index, path in enumerate(self.changed_with):
            aggregates[f"related_{index}"] = Max(path)
        for field, days in self.changes_on.items():
            passed = Q(**{f"{field}__lte": today - datetime.timedelta(days)})
            aggregates[f"passed_{field}"] = Max(field, filter=passed)
        # The filtered records enter as a subquery of keys: a filter that joins
        # (two countries, say) then cannot count a record twice.
        row = model.objects.filter(pk__in=queryset.values("pk")).aggregate(**aggregates)

        moments = [value for name, value in row.items() if name.startswith(("updated", "related"))]
        for field, days in self.changes_on.items():
            if row[f"passed_{field}"] is not None:
                moments.append(local_midnight(row[f"passed_{field}"] + datetime.timedelta(days)))
        return Version(
            etag=self.etag(*(value for _name, value in sorted(row.items()))),
            last_modified=max((moment for moment in moments if moment is not None), default=None),
            count=row["count"],
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

    def add_validators(self, response, version):
        response["ETag"] = version.etag
        if version.last_modified:
            response["Last-Modified"] = http_date(version.last_modified.timestamp())
        # Clients may keep a copy but must ask (conditionally) before using it.
        response["Cache-Control"] = "no-cache"
        return response

    def conditional(self, response, version):
        """The response with its validators, or a 304 when the body says nothing new."""
        if version is None:
            version = Version(etag=self.etag(JSONRenderer().render(response.data)))
            if (not_modified := self.not_modified(version)) is not None:
                return not_modified
        return self.add_validators(response, version)


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
        queryset = self.filter_queryset(self.get_queryset())  # 400 on a wrong filter
        self.paginator.validate(request)  # 400 on a wrong page or page size
        version = self.version_of(queryset)
        if version is not None:
            if (not_modified := self.not_modified(version)) is not None:
                return not_modified
            self.paginator.known_count = version.count
        page = self.paginate_queryset(queryset)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        return self.conditional(response, version)

    def retrieve(self, request, *args, **kwargs):
        value = self.lookup_value()
        queryset = self.get_queryset().filter(**{self.lookup_field: value})
        version = self.version_of(queryset)
        if version is not None:
            if not version.count:
                raise self.not_found(value)
            if (not_modified := self.not_modified(version)) is not None:
                return not_modified
        instance = next(iter(queryset), None)
        if instance is None:
            raise self.not_found(value)
        return self.conditional(Response(self.get_serializer(instance).data), version)
