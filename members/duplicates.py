"""Organisations that may be the one an application or an import names.

Staff decide: this only finds candidates and says why each was found (a name
in any language, the short name, the website or the e-mail domain).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from toolkit.i18n import LANGUAGE_CODES

from .models import Organisation

# Legal forms and generic words that two spellings of one name add or drop:
# "Teachers Lab LLP", "ТОО «Teachers Lab»" and "«Teachers Lab» ЖШС" are one name.
LEGAL_FORMS = {
    # English
    "llp", "llc", "ltd", "inc", "plc", "ngo", "pf", "pa",
    "public", "association", "foundation", "fund", "the", "of",
    # Russian
    "тоо", "ооо", "оо", "оф", "ано", "чу", "оюл", "ао", "ип",
    "общественное", "объединение", "общественный", "фонд", "организация",
    # Kazakh
    "жшс", "қб", "ққ", "жқ", "мм", "қоғамдық", "бірлестік", "қор", "ұйым",
}  # fmt: skip

# A shared mailbox provider says nothing about who the sender works for.
FREE_MAIL = {
    "gmail.com", "googlemail.com", "mail.ru", "inbox.ru", "list.ru", "bk.ru", "yandex.ru",
    "yandex.kz", "ya.ru", "yahoo.com", "outlook.com", "hotmail.com", "live.com", "icloud.com",
    "proton.me", "protonmail.com", "rambler.ru", "ukr.net",
}  # fmt: skip

WORD = re.compile(r"\w+")


def name_words(name):
    """The words of a name that identify it: lower case, no quotes, no legal form."""
    return tuple(word for word in WORD.findall(name.casefold()) if word not in LEGAL_FORMS)


def host_of(url):
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host.removeprefix("www.")


def mail_domain(address):
    domain = address.rpartition("@")[2].lower().strip()
    return "" if domain in FREE_MAIL else domain


@dataclass
class Candidate:
    organisation: Organisation
    reasons: list = field(default_factory=list)

    @property
    def because(self):
        return ", ".join(str(reason) for reason in self.reasons)


def possible_duplicates(name, *, short_name="", website="", email="", exclude=None):
    """Existing organisations that may be the one described, best match first."""
    words = name_words(name)
    host, domain = host_of(website), mail_domain(email)
    # The database narrows by the longest word and the exact keys; Python decides.
    wanted = Q()
    if words:
        longest = max(words, key=len)
        for language in LANGUAGE_CODES:
            wanted |= Q(**{f"name_{language}__icontains": longest})
        wanted |= Q(short_name__iexact=longest)
    if short_name:
        wanted |= Q(short_name__iexact=short_name) | Q(name__icontains=short_name)
    for address_host in {host, domain} - {""}:
        wanted |= Q(website__icontains=address_host) | Q(contacts__email__iendswith=address_host)
    if not wanted:
        return []
    found = Organisation.objects.filter(wanted).distinct().prefetch_related("contacts")
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)

    candidates = []
    for organisation in found.order_by("name_en", "pk")[:50]:
        candidate = Candidate(organisation)
        names = [getattr(organisation, f"name_{code}") or "" for code in LANGUAGE_CODES]
        if words and any(same_name(words, name_words(other)) for other in names if other):
            candidate.reasons.append(_("name"))
        short_names = {name_words(organisation.short_name)} - {()}
        if short_names & {name_words(short_name), words}:
            candidate.reasons.append(_("short name"))
        if host and host_of(organisation.website) == host:
            candidate.reasons.append(_("website"))
        domains = {host_of(organisation.website)} | {
            mail_domain(contact.email) for contact in organisation.contacts.all()
        }
        if domain and domain in domains:
            candidate.reasons.append(_("e-mail domain"))
        if candidate.reasons:
            candidates.append(candidate)
    return sorted(candidates, key=lambda candidate: -len(candidate.reasons))


def same_name(words, other):
    """One name is the other, or contains it whole (two words at least)."""
    if words == other:
        return True
    shorter, longer = sorted((words, other), key=len)
    if len(shorter) < 2:
        return False
    return any(longer[i : i + len(shorter)] == shorter for i in range(len(longer)))
