"""The visitor's address: the one every per-client count reads (form rate limit, API throttle,
and the admin login lockout through settings.AXES_CLIENT_IP_CALLABLE).

`X-Forwarded-For` is believed only as far as the deployment says proxies append to it
(settings.NUM_PROXIES); when it says nothing, the address is REMOTE_ADDR. So a client that
reaches gunicorn directly cannot choose the address it is counted under by sending the header.
"""

import ipaddress

from django.conf import settings


def trusted_proxies():
    """How many proxies in front of gunicorn append to X-Forwarded-For: NUM_PROXIES, unset = 0."""
    return settings.NUM_PROXIES or 0


def client_ip(request):
    """REMOTE_ADDR, or the entry the outermost of our NUM_PROXIES proxies put in X-Forwarded-For.

    Hand-written: the rule fits in a few lines and is the same for all three counters, where
    django-ipware's heuristics (left-most by default, public addresses preferred) are not.
    Each trusted proxy appends the address it saw, so with N proxies the N-th entry from the
    right is the client as our outermost proxy saw it; anything left of it was written by the
    client. A header with fewer entries than proxies (the request did not pass through them
    all) or an entry that is not an address is not believed: REMOTE_ADDR is.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = trusted_proxies()
    if not proxies:
        return remote_addr
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if len(addresses) < proxies:
        return remote_addr
    candidate = addresses[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr
