"""Time zones as staff pick them: by city, in their own language, Central Asia first.

City names and the countries' zones are CLDR's, through Babel.
"""

import datetime
import zoneinfo
from functools import lru_cache

from babel.core import get_global
from babel.dates import get_timezone_location
from django.utils.translation import gettext

# The alliance's countries, in the order the portal lists them.
CENTRAL_ASIA = ["KZ", "KG", "TJ", "UZ", "TM"]
# Where a country has several zones, the one its capital or most events keep.
MAIN_ZONES = {"KZ": "Asia/Almaty", "UZ": "Asia/Tashkent"}


def territory_zones(code):
    return get_global("territory_zones").get(code, [])


def main_time_zone(country_code):
    """The zone an event in this country keeps unless staff say otherwise; "" if unclear."""
    if country_code in MAIN_ZONES:
        return MAIN_ZONES[country_code]
    zones = territory_zones(country_code)
    return zones[0] if len(zones) == 1 else ""


def label(zone, language):
    city = get_timezone_location(zone, locale=language, return_city=True)
    offset = datetime.datetime.now(zoneinfo.ZoneInfo(zone)).strftime("%z")
    return f"{city} (UTC{offset[:3]}:{offset[3:]}, {zone})"


def time_zone_choices(language):
    """Grouped choices: the Central Asian zones, then every other IANA zone by name."""
    return zone_choices_on(language, datetime.date.today())  # offsets change with summer time


@lru_cache(maxsize=8)
def zone_choices_on(language, day):
    central = [zone for code in CENTRAL_ASIA for zone in territory_zones(code)]
    central.sort(key=lambda zone: zone != main_time_zone(zone_country(zone)))
    others = sorted(zoneinfo.available_timezones() - set(central) - {"localtime"})
    return [
        ("", "---------"),
        (gettext("Central Asia"), [(zone, label(zone, language)) for zone in central]),
        (gettext("Other time zones"), [(zone, label(zone, language)) for zone in others]),
    ]


def zone_country(zone):
    return next((code for code in CENTRAL_ASIA if zone in territory_zones(code)), "")
