"""What the admin tests share: addresses in each admin language, inline management forms."""

from django.urls import reverse
from django.utils import translation

from tests.factories import AllianceProfileFactory, CountryFactory


def make_alliance_profile():
    profile = AllianceProfileFactory()
    profile.countries.set([CountryFactory()])
    return profile


def url_in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def admin_url(model, view, language, *args):
    return url_in(language, f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", *args)


def changelist_objects(response):
    return set(response.context["cl"].result_list)


def management_form(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def assert_form_error(response, field):
    assert response.status_code == 200
    assert 'class="errornote"' in response.text
    assert field in response.context["adminform"].form.errors


def submitted_form(response, **changes):
    """What a browser sends when staff save the change form in `response`, with `changes`.

    Every field of the form and of each inline (with the inlines' management
    forms) at the value the page shows: ticked boxes as "on", empty ones left out.
    """
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif value is not None and value is not False:
                data[field.html_name] = str(value)
    return {**data, **changes}
