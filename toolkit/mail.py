"""E-mail composed from two text templates, in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path):
    return settings.SITE_URL + path


def compose(template, context, *, to, language, attachments=(), headers=None):
    """An EmailMessage from `<template>_subject.txt` and `<template>_body.txt`.

    Both are rendered with `language` active, so their strings, dates and the
    URLs reversed in them are in that language.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMessage(subject, body, to=to, headers=headers)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message
