"""Every API error has one JSON shape: the status, what went wrong and, for bad input, where.

{"status": 400, "detail": "Some parameters are not valid.",
 "errors": {"country": ["Select a valid choice. XX is not one of the available choices."]}}
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorSerializer(serializers.Serializer):
    """The schema of an error response (the `Error` component)."""

    status = serializers.IntegerField(help_text=_("The HTTP status code, again."))
    detail = serializers.CharField(help_text=_("What went wrong, in the request's language."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("For a 400: each parameter at fault, with what is wrong with it."),
    )


def messages(value):
    """A validation error's detail as a list of plain strings."""
    if isinstance(value, dict):
        return [f"{key}: {text}" for key, item in value.items() for text in messages(item)]
    if isinstance(value, list):
        return [text for item in value for text in messages(item)]
    return [str(value)]


def exception_handler(exc, context):
    """DRF's handler, with its response body put in our one shape."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500 handling takes over
    body = {"status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = str(_("Some parameters are not valid."))
        detail = exc.detail if isinstance(exc.detail, dict) else {"request": exc.detail}
        body["errors"] = {name: messages(value) for name, value in detail.items()}
    else:
        data = response.data
        body["detail"] = str(data.get("detail", "") if isinstance(data, dict) else data)
    response.data = body
    return response
