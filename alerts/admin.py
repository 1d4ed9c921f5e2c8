"""Alert subscriptions in the admin: staff see who asked for what, and may delete them.

E-mail addresses are personal data: seen only by staff with the permission
to view subscriptions. They come from the public form, so staff cannot add
or edit them here; confirming is their owner's alone.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Subscription
from .topics import described


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Confirmed")), ("no", _("Waiting for confirmation"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.confirmed()
        if self.value() == "no":
            return queryset.unconfirmed()
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "topic", "query", "language", "created_at", "confirmed_at"]
    list_filter = ["topic", "language", ConfirmedFilter]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    fields = [
        "email",
        "topic",
        "filters",
        "query",
        "language",
        "created_at",
        "confirmed_at",
        "covered_until",
        "confirmation_sent_at",
        "digest_sent_at",
        "asked_again_at",
        "already_subscribed_sent_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("filters"))
    def filters(self, obj):
        return "; ".join(f"{label}: {values}" for label, values in described(obj)) or _("none")
