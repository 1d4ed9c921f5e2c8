"""Signed links that name one record: its id and its own random secret, signed.

A record that holds a `secret` column can be reached by whoever has the
link, and by nobody else: the signature (django.core.signing, with a salt per
kind of link) stops forged ids, and the secret, compared in constant time,
stops a link from reaching a newer record that took the id of a deleted one.
A link may be given a lifetime (`max_age`).
"""

import secrets

from django.core import signing
from django.utils.crypto import constant_time_compare


class BadLink(Exception):
    """Not a link we signed (tampered with, or cut short)."""


class LinkExpired(Exception):
    """A link we signed, older than it may be."""


def new_secret():
    """A record's random secret, carried by its links (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def record_token(record, *, salt):
    return signing.dumps([record.pk, record.secret], salt=salt)


def record_for_token(queryset, token, *, salt, max_age=None):
    """The record of `queryset` a link names, or None when it is gone.

    Raises BadLink for what we did not sign, LinkExpired for a link older
    than `max_age` (seconds or a timedelta).
    """
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise BadLink from None
    if not (isinstance(payload, list) and len(payload) == 2):
        raise BadLink
    pk, secret = payload
    if not isinstance(pk, int) or isinstance(pk, bool) or not isinstance(secret, str):
        raise BadLink
    record = queryset.filter(pk=pk).first()
    if record is None or not constant_time_compare(secret, record.secret):
        return None
    return record
