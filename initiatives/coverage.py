"""Keeps CountryCoverage, what the country filter reads, in step with the shares and regions.

Every path that changes what an initiative covers sends a signal handled
here: a country or region share saved or deleted (the admin's inlines, the
seed, a restored version), or a region's countries changed (from either
side of that many-to-many). Bulk writes send none: they call
CountryCoverage.objects.refresh() themselves (generate_demo_data).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from common.models import Region

from .models import CountryCoverage, CountryShare, Initiative, RegionShare


def share_changed(sender, instance, origin=None, **kwargs):
    # Deleted with its initiative, whose coverage goes with it: nothing to derive (and
    # deleting 50,000 demo initiatives would derive each one again per share).
    if isinstance(origin, Initiative) or getattr(origin, "model", None) is Initiative:
        return
    CountryCoverage.objects.refresh([instance.initiative_id])


def region_countries_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A region's countries changed: refresh the initiatives covering the regions involved."""
    if action == "pre_clear" and reverse:
        # A country leaves all its regions: which ones is known only before.
        instance._regions_before_clear = list(instance.regions.values_list("pk", flat=True))
        return
    if not action.startswith("post_"):
        return
    if not reverse:
        regions = [instance.pk]
    elif action == "post_clear":
        regions = getattr(instance, "_regions_before_clear", [])
    else:
        regions = pk_set or []
    initiatives = RegionShare.objects.filter(region__in=regions).values_list(
        "initiative_id", flat=True
    )
    CountryCoverage.objects.refresh(set(initiatives))


def connect_signals():
    for model in (CountryShare, RegionShare):
        uid = f"initiatives-coverage-{model._meta.model_name}"
        post_save.connect(share_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(share_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        region_countries_changed,
        sender=Region.countries.through,
        dispatch_uid="initiatives-coverage-region-countries",
    )
