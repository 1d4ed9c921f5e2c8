"""/<lang>/join/: an organisation applies to join; stored now, e-mailed about after the commit."""

import contextlib

from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from toolkit.antispam import over_rate_limit, rate_limited

from . import services
from .forms import MembershipApplicationForm


@require_http_methods(["GET", "HEAD", "POST"])
def join(request):
    """An organisation applies to join: stored now, e-mailed about after the commit.

    A new application, one we already have and a bot's get the same answer, so
    the form cannot tell anyone who applied; the applicant's e-mail says which.
    """
    if request.method != "POST":
        return render(request, "applications/join.html", {"form": MembershipApplicationForm()})
    if over_rate_limit(request, "join"):
        return rate_limited(request)
    form = MembershipApplicationForm(request.POST)
    if form.is_bot():
        return redirect("join:thanks")
    if form.is_valid():
        # One we already have is answered as a new one; the applicant is e-mailed which.
        with contextlib.suppress(services.DuplicateApplication):
            services.submit(form, language=get_language())
        return redirect("join:thanks")
    return render(request, "applications/join.html", {"form": form})


@require_safe
def join_thanks(request):
    return render(request, "applications/join_thanks.html")
