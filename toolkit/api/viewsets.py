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
import threading
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, viewsets

from toolkit import clock
from toolkit.cache import data_timeout
from toolkit.models import SLUG

# Bump when a representation changes without any data changing (a new field,
# a fixed format), so that partners' cached copies are not taken as current.
REVISION = "2"

# A change this recent gives no Last-Modified: a second change within the
# same second would carry the same date (HTTP dates count whole seconds), and
# a client holding the first would be told its copy is current. The ETag,
# which changes with every change, is sent regardless.
FRESH_SECONDS = 2

# Locks for building answers, shared by the answers whose keys hash alike.
BUILDING = [threading.Lock() for _lock in range(64)]


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


@functools.cache
def labels_of(models):
    return tuple(clock.labels(models))


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

    def version_of(self, model, record=None):
        """The Version of an answer about `model`'s records, whatever their number.

        One query of one row (the clock), read before anything else, plus for
        a detail whether its `record` (a queryset) exists. The latest
        date-driven change of the model is kept in the cache per version of
        the model and day: the model's version changes with any of its dates.
        """
        row = clock.read_row()
        versions, latest = clock.versions_of(row, self.shown_labels())
        exists = record.exists() if record is not None else True
        passed = self.passed_dates(model, row.get(model._meta.label_lower, [None])[0])
        moments = [latest] if latest else []
        for (_field, days), day in zip(self.changes_on.items(), passed, strict=True):
            if day is not None:
                moments.append(local_midnight(day + datetime.timedelta(days)))
        last_modified = max(moments, default=None)
        if last_modified and timezone.now() - last_modified < datetime.timedelta(
            seconds=FRESH_SECONDS
        ):
            last_modified = None
        return Version(
            etag=self.etag(sorted(versions.items()), passed),
            last_modified=last_modified,
            exists=exists,
        )

    def listed_model(self):
        """The model the answer is about: the FilterSet's or the serializer's."""
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            return filterset_class._meta.model
        return self.get_serializer_class().Meta.model

    def shown_labels(self):
        return labels_of(self.shown_models())

    def passed_dates(self, model, model_version):
        """For each of `changes_on`, the latest date whose change has passed (an index probe)."""
        if not self.changes_on:
            return []
        today = timezone.localdate()
        fields = ",".join(f"{field}+{days}" for field, days in self.changes_on.items())
        key = f"api-passed:{model._meta.label_lower}:{model_version}:{today}:{fields}"
        passed = cache.get(key)
        if passed is None:
            passed = [
                model._base_manager.filter(**{f"{field}__lte": today - datetime.timedelta(days)})
                .order_by(f"-{field}")
                .values_list(field, flat=True)
                .first()
                for field, days in self.changes_on.items()
            ]
            cache.set(key, passed, data_timeout())
        return passed

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

    def kept(self, data, version):
        """`data` rendered, kept under its ETag, and answered with its validators."""
        renderer = self.request.accepted_renderer
        body = renderer.render(data, self.request.accepted_media_type, self.get_renderer_context())
        content_type = renderer.media_type
        if renderer.charset:
            content_type += f"; charset={renderer.charset}"
        cache.set(self.cache_key(version), (content_type, body), data_timeout())
        return self.add_validators(HttpResponse(body, content_type=content_type), version)

    def one_at_a_time(self, version):
        """A lock for building this answer: the process's other threads wait, then find it kept.

        Without it, clients asking for the same new answer at once (after an
        edit, or the first request of a worker) each built it, and together
        took seconds on two cores.
        """
        return BUILDING[hash(self.cache_key(version)) % len(BUILDING)]

    def add_validators(self, response, version):
        response["ETag"] = version.etag
        if version.last_modified:
            response["Last-Modified"] = http_date(version.last_modified.timestamp())
        # Clients may keep a copy but must ask (conditionally) before using it.
        response["Cache-Control"] = "no-cache"
        return response


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
        version = self.version_of(self.listed_model())
        if (answer := self.kept_answer(version)) is not None:
            return answer
        queryset = self.filter_queryset(self.get_queryset())  # 400 on a wrong filter
        self.paginator.validate(request)  # 400 on a wrong page or page size
        if (not_modified := self.not_modified(version)) is not None:
            return not_modified
        with self.one_at_a_time(version):
            if (answer := self.kept_answer(version)) is not None:
                return answer
            page = self.paginate_queryset(queryset)
            data = self.get_paginated_response(self.get_serializer(page, many=True).data).data
            return self.kept(data, version)

    def retrieve(self, request, *args, **kwargs):
        value = self.lookup_value()
        queryset = self.get_queryset().filter(**{self.lookup_field: value})
        version = self.version_of(queryset.model, record=queryset)
        if not version.exists:
            raise self.not_found(value)
        if (answer := self.kept_answer(version)) is not None:
            return answer
        if (not_modified := self.not_modified(version)) is not None:
            return not_modified
        with self.one_at_a_time(version):
            if (answer := self.kept_answer(version)) is not None:
                return answer
            instance = next(iter(queryset), None)
            if instance is None:
                raise self.not_found(value)
            return self.kept(self.get_serializer(instance).data, version)
