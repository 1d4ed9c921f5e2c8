"""View pieces every list page shares."""


class ForgivingPaginationMixin:
    """A page number that is not a number, or past the end, shows a real page, not a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
