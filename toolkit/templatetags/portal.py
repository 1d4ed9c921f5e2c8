"""Template tags every page uses: texts marked with the language they are shown in, the
fallback-language notice, a query string with changes."""

from django import template
from django.template.defaultfilters import linebreaks_filter, truncatewords
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext_lazy

from toolkit.i18n import fallback_languages, shown_language

register = template.Library()


@register.inclusion_tag("includes/fallback_notice.html")
def fallback_notice(obj, *fields):
    """Says, in the reader's language, which parts are shown in another language."""
    languages = fallback_languages(obj, fields)
    return {
        "languages": [
            {"code": code, "name": get_language_info(code)["name_translated"]} for code in languages
        ],
        "current": get_language_info(get_language())["name_translated"],
    }


@register.filter(is_safe=True)
def facts(value):
    """Facts written each as " · fact", as one line, the first separator dropped.

    `{% filter facts %}{% if a %} · {{ a }}{% endif %}{% if b %} · {{ b }}{% endif %}
    {% endfilter %}` says "a · b", "a" or "b": no stray dot, whichever facts are left out.
    """
    return value.strip().removeprefix("·").lstrip()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string on page `number`; the first page has no number in its address."""
    return query_with(context, page=None if number == 1 else number)


@register.filter
def page_numbers(page):
    """The page numbers a list shows around `page`: 1 … 4 5 6 7 8 … 20 (None for a gap)."""
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return [number if isinstance(number, int) else None for number in numbers]


# Said after a text shown in another language than the reader's: "(in Russian)".
IN_LANGUAGE = {
    "en": gettext_lazy("(in English)"),
    "ru": gettext_lazy("(in Russian)"),
    "kk": gettext_lazy("(in Kazakh)"),
}


@register.simple_tag
def shown(obj, field, block=False, words=None):
    """A translated text as the reader is shown it, marked when it falls back to another language.

    The text carries its own `lang` (screen readers pronounce it in that
    language) and is followed by "(in Russian)" in the reader's language.
    `block`: paragraphs (linebreaks); `words`: cut after that many words.
    """
    text = getattr(obj, field, None)
    if not text:
        return ""
    if words:
        text = truncatewords(text, words)
    body = linebreaks_filter(text, autoescape=True) if block else format_html("{}", text)
    reader = get_language()
    language = shown_language(obj, field, reader)
    if language in (None, reader):
        return mark_safe(body)
    if block:
        return format_html(
            '<p class="in-language" lang="{}">{}</p><div lang="{}">{}</div>',
            reader,
            IN_LANGUAGE[language],
            language,
            body,
        )
    return format_html(
        '<span lang="{}">{}</span> <small class="in-language" lang="{}">{}</small>',
        language,
        body,
        reader,
        IN_LANGUAGE[language],
    )
