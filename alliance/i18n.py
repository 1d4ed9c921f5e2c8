"""Which language a translated text is really shown in, after fallback."""

from django.conf import settings
from django.utils.translation import get_language

FALLBACKS = settings.MODELTRANSLATION_FALLBACK_LANGUAGES


def fallback_chain(language):
    """The language itself, then what modeltranslation falls back to, in order."""
    chain = [language, *FALLBACKS.get(language, FALLBACKS["default"])]
    return list(dict.fromkeys(chain))


def shown_language(obj, field, language=None):
    """The language `obj.<field>` is displayed in for a reader of `language`.

    None when the field is empty in every language of the chain.
    """
    language = language or get_language()
    for code in fallback_chain(language):
        if getattr(obj, f"{field}_{code}", None):
            return code
    return None


def fallback_languages(obj, fields, language=None):
    """The other languages some of `fields` are shown in, in chain order."""
    language = language or get_language()
    shown = {shown_language(obj, field, language) for field in fields}
    return [code for code in fallback_chain(language) if code != language and code in shown]
