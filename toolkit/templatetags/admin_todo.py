"""The admin front page's list of what waits for staff (toolkit.admin.admin_todo)."""

from django import template

from toolkit.admin import todos_for

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_todos(context):
    return todos_for(context["request"])
