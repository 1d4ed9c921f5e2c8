"""How often an anonymous client may call the API.

Kept apart from the viewsets: DRF imports its throttle classes while it
defines APIView, before a module that imports its viewsets could load.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from toolkit.client_address import client_ip


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's throttle for anonymous clients, at the rate of settings.API_THROTTLE_RATE.

    DRF reads its rates once, at import; this reads the setting per request,
    so an override (in a test, say) applies at once. Clients are counted by
    toolkit.client_address.client_ip, as the forms and the admin login are,
    not by DRF's own reading of X-Forwarded-For.
    """

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_ident(self, request):
        return client_ip(request)
