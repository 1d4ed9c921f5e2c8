"""The initiatives list with its totals, an initiative's page, and the CSV export."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView
from django_filters.views import FilterView

from toolkit.cache import cache_public_page
from toolkit.cards import render_cards
from toolkit.downloads import asks_for_everything, limit_concurrent_downloads, streaming_download
from toolkit.filter_summary import FilterSummaryMixin
from toolkit.links import page_links
from toolkit.publication import PreviewMixin
from toolkit.views import FacetCountsMixin, ForgivingPaginationMixin

from . import services
from .charts import funding_section
from .exports import csv_lines
from .filters import InitiativeFilter
from .models import CARD, Initiative, ParticipationRole


@method_decorator(cache_public_page(filterset=InitiativeFilter), name="dispatch")
class InitiativeListView(
    FacetCountsMixin, ForgivingPaginationMixin, FilterSummaryMixin, FilterView
):
    filterset_class = InitiativeFilter
    # The rows alone: render_cards fetches what the cards show, for those not cached.
    queryset = Initiative.objects.all()
    template_name = "initiatives/initiative_list.html"
    context_object_name = "initiatives"
    paginate_by = 20

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        # One query counts the page's initiatives and sums their budgets (under a
        # country filter, apart for the region-wide ones).
        self.tally = queryset.tally(split=self.filterset.splits_regional())
        paginator.count = self.tally.count
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = self.tally.totals
        context["tally"] = self.tally
        context["cards"] = render_cards(context["page_obj"].object_list, CARD)
        context["page_links"] = page_links("initiatives:list")
        # The charts sum every result, not the page's: on the first page only.
        filterset = self.filterset
        if self.tally.count and context["page_obj"].number == 1 and not filterset.errors:
            context["funding"] = funding_section(
                filterset.qs,
                split=filterset.splits_regional(),
                cache_key=filterset.summary_key("initiatives-funding"),
                heading=_("Funding of these initiatives"),
                level=3,
            )
        return context


@method_decorator(cache_public_page, name="dispatch")
class InitiativeDetailView(PreviewMixin, DetailView):
    queryset = Initiative.objects.for_listing()
    template_name = "initiatives/initiative_detail.html"
    context_object_name = "initiative"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        participations = list(self.object.participations.all())
        context["roles"] = [
            {"label": role.label, "participations": in_role}
            for role in ParticipationRole
            if (in_role := [p for p in participations if p.role == role])
        ]
        return context


CSV = "text/csv; charset=utf-8"


@require_safe
@limit_concurrent_downloads
def export_csv(request):
    """The initiatives the list page would show for the same query, as CSV.

    All of them: the file built ahead (services), or streamed while there is
    none yet. Filtered: streamed.
    """
    filterset = InitiativeFilter(request.GET or None, request=request)
    if filterset.is_bound and not filterset.is_valid():
        message = _("These filters are not valid, so nothing was exported:")
        return HttpResponseBadRequest(
            f"{message}\n{filterset.error_text()}\n",
            content_type="text/plain; charset=utf-8",
        )
    language = get_language()
    filename = f"tsako-initiatives-{language}-{timezone.localdate().isoformat()}.csv"
    if settings.PREBUILT_EXPORTS and asks_for_everything(request.GET):
        published = services.published_csv(language)
        if response := published.serve(request, content_type=CSV, filename=filename):
            return response
        services.request_build()
    return streaming_download(
        csv_lines(filterset.qs, language),
        f"The initiatives CSV export ({request.get_full_path()})",
        content_type=CSV,
        filename=filename,
    )
