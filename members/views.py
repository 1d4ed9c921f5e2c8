"""The member directory with its facet counts, and an organisation's profile."""

from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from django.views.generic import DetailView
from django_filters.views import FilterView

from toolkit.cache import cache_public_page
from toolkit.cards import render_cards
from toolkit.filter_summary import RESULTS, FilterSummaryMixin
from toolkit.publication import PreviewMixin
from toolkit.views import FacetCountsMixin, ForgivingPaginationMixin

from .filters import ALL_RELATIONS, OrganisationFilter
from .hooks import DIRECTORY_LINKS, PROFILE_SECTIONS
from .models import CARD, Organisation


def without(query, *names):
    """The query string with these parameters, and the page number, removed; read at the results."""
    query = query.copy()
    for name in names:
        query.pop(name, None)
    query.pop("page", None)
    return f"?{query.urlencode()}{RESULTS}"


def is_page(value, number):
    try:
        return int(value) == number
    except ValueError:  # not a number, or too long to be one
        return False


@method_decorator(cache_public_page(filterset=OrganisationFilter), name="dispatch")
class OrganisationListView(
    FacetCountsMixin, ForgivingPaginationMixin, FilterSummaryMixin, FilterView
):
    """The member directory: members by default, partners or everyone on request."""

    filterset_class = OrganisationFilter
    paginate_by = 20
    # strict (django-filter's default), as on the events and initiatives pages:
    # a wrong value in any filter lists nothing, and the form says what to correct.
    template_name = "members/organisation_list.html"

    def get_queryset(self):
        # The rows and their country: render_cards fetches the themes of cards not cached.
        return Organisation.objects.select_related("country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        query = self.request.GET
        valid = filterset.is_valid()
        page = context["page_obj"]
        requested_page = query.get(self.page_kwarg)
        fields = filterset.form.fields
        invalid = [name for name in filterset.form.errors if name in fields]
        context.update(
            directory_links=DIRECTORY_LINKS,
            cards=render_cards(page.object_list, CARD, relation=filterset.listed_relation),
            relation=filterset.listed_relation,
            all_relations=ALL_RELATIONS,
            active_filters=[
                {"label": label, "value": value, "url": without(query, name)}
                for name, label, value in filterset.active_filters()
            ],
            # The filters to correct, and the address that leaves them all out
            # (one at a time would lead to the next wrong one).
            invalid_filters=[fields[name].label for name in invalid],
            without_invalid=without(query, *invalid),
            # ?page=abc or ?page=999 shows a real page, and says so; with a
            # wrong filter there is no page to speak of.
            page_replaced=valid
            and bool(requested_page)
            and not is_page(requested_page, page.number),
        )
        return context


@method_decorator(cache_public_page, name="dispatch")
class OrganisationDetailView(PreviewMixin, DetailView):
    queryset = Organisation.objects.select_related("country", "parent").prefetch_related(
        "themes", Prefetch("units", queryset=Organisation.objects.published())
    )
    template_name = "members/organisation_detail.html"
    context_object_name = "organisation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        # What other apps contribute: the events and initiatives it takes part in,
        # in order, and each by its key ("events", "initiatives").
        sections = {section.key: section.groups(organisation) for section in PROFILE_SECTIONS}
        context.update(
            sections=[
                {
                    "heading": section.heading,
                    "groups": sections[section.key],
                    "marker": section.marker,
                }
                for section in PROFILE_SECTIONS
            ],
            **sections,
            # Personal data: only people who agreed to be shown.
            contacts=organisation.contacts.public(),
        )
        return context
