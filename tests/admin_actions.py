"""Running a changelist action as staff do: choose it, then confirm on its page."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from tests.admin_helpers import admin_url


def run_action(client, model, action, records, language="en", **choice):
    """The action's confirmation page (choice empty), or its result once confirmed."""
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(record.pk) for record in records]}
    if choice:
        data.update({"confirmed": "yes", **{key: str(value) for key, value in choice.items()}})
    return client.post(admin_url(model, "changelist", language), data)


def messages_of(client, model, language="en"):
    page = client.get(admin_url(model, "changelist", language))
    return [str(message) for message in page.context["messages"]]
