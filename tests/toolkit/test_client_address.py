"""The one client address every per-client count reads: REMOTE_ADDR unless proxies are declared."""

import pytest
from django.test import RequestFactory

from toolkit.client_address import client_ip

PEER = "192.0.2.10"  # REMOTE_ADDR: whoever opened the connection to gunicorn


def address(settings, proxies, forwarded=None):
    settings.NUM_PROXIES = proxies
    headers = {"REMOTE_ADDR": PEER}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


@pytest.mark.parametrize("proxies", [None, 0], ids=["unset", "zero"])
def test_client_ip_ignores_x_forwarded_for_without_declared_proxies(settings, proxies):
    assert address(settings, proxies, "203.0.113.66") == PEER
    assert address(settings, proxies, "203.0.113.66, 198.51.100.7") == PEER
    assert address(settings, proxies) == PEER


def test_client_ip_behind_one_proxy_is_the_right_most_entry(settings):
    # The client wrote 203.0.113.66 itself; our proxy appended the address it saw.
    assert address(settings, 1, "203.0.113.66, 198.51.100.7") == "198.51.100.7"
    assert address(settings, 1, "198.51.100.7") == "198.51.100.7"


def test_client_ip_behind_two_proxies_is_the_second_entry_from_the_right(settings):
    assert address(settings, 2, "203.0.113.66, 198.51.100.7, 10.0.0.2") == "198.51.100.7"


@pytest.mark.parametrize(
    "forwarded",
    [None, "", "not-an-address", "198.51.100.7:5123", "1.2.3.4'; DROP TABLE"],
    ids=["missing", "empty", "garbage", "with-port", "injection"],
)
def test_client_ip_falls_back_to_remote_addr_when_the_header_is_not_believable(settings, forwarded):
    assert address(settings, 1, forwarded) == PEER


def test_client_ip_with_fewer_entries_than_proxies_is_remote_addr(settings):
    # The request did not pass through both proxies: its one entry may be the client's own.
    assert address(settings, 2, "203.0.113.66") == PEER


def test_client_ip_normalises_ipv6(settings):
    assert address(settings, 1, "2001:DB8::0:1") == "2001:db8::1"
