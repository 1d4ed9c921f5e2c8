"""How often an anonymous client may call the API.

Kept apart from the viewsets: DRF imports its throttle classes while it
defines APIView, before a module that imports its viewsets could load.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from toolkit.cache_backend import count
from toolkit.client_address import client_ip


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's throttle for anonymous clients, at settings.API_THROTTLE_RATE, counted atomically.

    DRF's own keeps each client's request times in one cache entry that it
    reads, changes and writes back, so concurrent requests overwrite each
    other's (1,237 requests passed a 1000/hour limit). Here each request is
    one atomic increment of the client's counter for the current window
    (toolkit.cache_backend.count). Windows are fixed and aligned to the clock,
    so Retry-After is exact; a client may make up to twice the rate across a
    window's boundary. While the cache's Redis is out each process counts on
    its own (a client may then get the rate once per gunicorn worker).

    DRF reads its rates once, at import; this reads the setting per request,
    so an override (in a test, say) applies at once. Clients are counted by
    toolkit.client_address.client_ip, as the forms and the admin login are,
    not by DRF's own reading of X-Forwarded-For.
    """

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        return count(f"{key}:{window}", self.duration) <= self.num_requests

    def wait(self):
        return self.window_ends - self.now
