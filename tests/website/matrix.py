"""The public pages: everyone, signed in or not, gets each of them (core.public)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core import documents
from scrutiny.models import YearlyReport
from tests.matrix import public

PUBLISHED_YEAR = 2010


def world(w) -> dict:
    """A published yearly report with its stored PDF (the policies world has a document in force)."""
    business = w["business"]
    report = YearlyReport.objects.create(
        year=PUBLISHED_YEAR,
        status=YearlyReport.Status.PUBLISHED,
        published_on=timezone.localdate() - timedelta(days=300),
        published_by=business,
        created_by=business,
    )
    report.document = documents.store(
        upload=SimpleUploadedFile("yearly-report.pdf", b"%PDF-1.4 published"), subject=report, uploaded_by=business
    )
    report.save(update_fields=["document"])
    return {"public_report": report}


ENTRIES = {
    "website:about": public(lambda w: reverse("website:about")),
    "website:policy-list": public(lambda w: reverse("website:policy-list")),
    "website:policy-detail": public(lambda w: reverse("website:policy-detail", args=[w["policy"].slug])),
    "website:policy-document": public(lambda w: reverse("website:policy-document", args=[w["policy"].slug])),
    "website:practice-review-list": public(lambda w: reverse("website:practice-review-list")),
    "website:yearly-report-list": public(lambda w: reverse("website:yearly-report-list")),
    "website:yearly-report-pdf": public(lambda w: reverse("website:yearly-report-pdf", args=[PUBLISHED_YEAR])),
}
