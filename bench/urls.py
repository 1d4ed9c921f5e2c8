"""The portal's URLs plus a trivial view: the yardstick for throughput. Bench only."""

from django.http import HttpResponse
from django.urls import path

from alliance.urls import urlpatterns as portal_urlpatterns


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *portal_urlpatterns]
