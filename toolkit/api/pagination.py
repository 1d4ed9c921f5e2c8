"""Pages of a list: ?page= and ?page_size=, in the list's stable order.

Kept apart from the viewsets: DRF imports the pagination class while it
defines its generic views.
"""

from django.core.paginator import Paginator as DjangoPaginator
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class Pagination(PageNumberPagination):
    """?page= and ?page_size=, checked strictly: a wrong value is a 400, not a guess."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    # Set by the view when it has already counted the rows (see ConditionalMixin).
    known_count = None

    def fields(self):
        return {
            self.page_query_param: serializers.IntegerField(min_value=1),
            self.page_size_query_param: serializers.IntegerField(
                min_value=1, max_value=self.max_page_size
            ),
        }

    def validate(self, request):
        errors = {}
        for name, field in self.fields().items():
            value = request.query_params.get(name)
            if value in (None, ""):
                continue
            try:
                field.run_validation(value)
            except exceptions.ValidationError as error:
                errors[name] = error.detail
        if errors:
            raise exceptions.ValidationError(errors)

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        return int(value) if value else self.page_size

    def django_paginator_class(self, object_list, per_page):
        paginator = DjangoPaginator(object_list, per_page)
        if self.known_count is not None:
            paginator.count = self.known_count  # saves the paginator its COUNT query
        return paginator

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        limits = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {
                "minimum": 1,
                "maximum": self.max_page_size,
                "default": self.page_size,
            },
        }
        for parameter in parameters:
            parameter["schema"].update(limits.get(parameter["name"], {}))
            parameter["allowEmptyValue"] = True  # the first page, the default size
        return parameters
