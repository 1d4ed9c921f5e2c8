"""The lists' filters in the API: the FilterSet's, with codes and slugs that name nothing allowed.

Kept apart from the viewsets: DRF's settings name the backend.
"""

from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation

from toolkit.filters import CodeFilter, RecordsFilter
from toolkit.models import SLUG


class FilterBackend(DjangoFilterBackend):
    """The list's FilterSet, as on its page, except that a code or slug naming nothing is no error.

    The schema describes a country by its form (two letters) and a theme or an
    organisation by a slug: which exist is data, and changes. So a well-formed
    value that names nothing is a question with an empty answer, not a bad
    question: `?country=ZZ` or `?theme=no-such-theme` lists nothing (200), and
    `?country=KZ&country=ZZ` (or `?theme=water&theme=none`) lists Kazakhstan's
    (the water theme's) records. A value of the wrong
    form (`?country=KAZ`), or outside a fixed list the schema enumerates
    (`?status=someday`), is still a 400 naming the parameter. The pages keep
    their form errors: a person should hear that a filter is wrong.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if filterset.is_valid():
            return filterset.qs
        data, nothing = known_values(filterset)
        if data is None:
            raise translate_validation(filterset.errors)
        kwargs = self.get_filterset_kwargs(request, queryset, view)
        filterset = type(filterset)(**{**kwargs, "data": data})
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset.qs.none() if nothing else filterset.qs


def known_values(filterset):
    """(the query without well-formed values that name nothing, whether a filter lost all of its).

    (None, False) when an error is of another kind: the request is a 400.
    """
    data = filterset.data.copy()
    nothing = False
    for name, errors in filterset.form.errors.as_data().items():
        filter = filterset.filters.get(name)
        if filter is None or any(error.code != "invalid_choice" for error in errors):
            return None, False
        values = [value.strip() for value in data.getlist(name) if value.strip()]
        if isinstance(filter, CodeFilter):
            if not all(filter.pattern_re.fullmatch(value) for value in values):
                return None, False
            field = filterset.form.fields[name]
            known = [value for value in values if field.valid_value(value.upper())]
        elif isinstance(filter, RecordsFilter):
            if not all(SLUG.fullmatch(value) for value in values):
                return None, False
            field = filterset.form.fields[name]
            key = field.to_field_name
            named = field.queryset.filter(**{f"{key}__in": values}).values_list(key, flat=True)
            known = sorted(set(values) & set(named))
        else:  # a fixed list of choices, which the schema enumerates
            return None, False
        if known:
            data.setlist(name, known)
        else:
            data.pop(name, None)
            nothing = True
    return data, nothing
