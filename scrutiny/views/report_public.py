"""The published yearly reports, for anyone, signed in or not: the list, each report's page
(when it was published, the file's size and SHA-256 hash) and the stored PDF itself, served
exactly as it was published whatever has changed since."""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.pagination import paginate
from partnership.models import PartnershipDetails

from ..selectors import report as selectors


@login_not_required
@require_safe
def public_list(request):
    return render(
        request,
        "scrutiny/report_public_list.html",
        {
            "page": paginate(request, selectors.published_reports().order_by("-year")),
            "details": PartnershipDetails.load(),
        },
    )


@login_not_required
@require_safe
def public_detail(request, year: int):
    report = selectors.published_report(year)
    return render(
        request,
        "scrutiny/report_public.html",
        {"report": report, "document": report.document, "details": PartnershipDetails.load()},
    )


@login_not_required
@require_safe
@cache_control(max_age=3600, public=True)
def public_pdf(request, year: int):
    report = selectors.published_report(year)
    response = FileResponse(report.document.file.open("rb"), content_type="application/pdf", filename=report.file_name)
    response["Content-Disposition"] = f'inline; filename="{report.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
