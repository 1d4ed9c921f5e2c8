"""View pieces every list page shares."""


class ForgivingPaginationMixin:
    """A page number that is not a number, or past the end, shows a real page, not a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class FacetCountsMixin:
    """A list page whose filter form shows each value's count for the current selection.

    The counts are the FilterSet's (toolkit.filters.PortalFilterSet.facet_counts):
    none while a filter is wrong, as the results would not be what the reader
    gets once it is corrected.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.filterset.show_counts(self.filterset.facet_counts())
        return context
