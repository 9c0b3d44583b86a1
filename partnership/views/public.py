"""Pages anyone may see without signing in."""

import mimetypes

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control

from core.public import public_page, render_public

from ..models import PartnershipDetails


@public_page
def report_concern(request):
    return render_public(request, "partnership/report_concern.html", {"details": PartnershipDetails.load()})


@login_not_required
@cache_control(max_age=3600, public=True)
def logo(request):
    """The partnership's logo is public (it appears on public pages); nothing else uploaded
    is served without a permission check."""
    details = PartnershipDetails.load()
    if not details.logo:
        raise Http404("No logo")
    content_type = mimetypes.guess_type(details.logo.name)[0]
    if content_type not in ("image/png", "image/jpeg"):
        raise Http404("No logo")
    response = FileResponse(details.logo.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
