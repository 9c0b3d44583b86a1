"""The permission matrix for the scorecard, the executive dashboard and the yearly report.

The world: an indicator owned by the agency the cast's agency lead leads (so they and the
business unit enter its values), a value for the last complete quarter, an import the business
unit has uploaded, the two other safeguarding partners (the cast's executive member is the
police's lead, and the person named to sign the yearly report for the council), a yearly report
being prepared, one awaiting sign-off and a published one.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from core import documents
from core.models import PendingImport
from partnership.models import Organisation
from scrutiny.models import YearlyReport
from scrutiny.periods import Quarter, year_of
from scrutiny.services import report as report_services
from scrutiny.services import scorecard as scorecard_services
from scrutiny.services import signatories as signatory_services
from tests.factories import OrganisationFactory, UserFactory
from tests.matrix import EVERY_ROLE, only, public

READ_ALL = ("business", "executive", "scrutineer")
ENTERS = ("business", "agency_lead")  # the business unit and the indicator's organisation's lead
HISTORY = ("business", "scrutineer")


def world(w) -> dict:
    business = w["business"]
    today = timezone.localdate()
    indicator = scorecard_services.indicator_save(
        acting_user=business,
        name="Return interviews within 72 hours",
        definition="Children missing from home offered a return interview within 72 hours of coming back.",
        organisation=w["organisation"],
        unit="percent",
        polarity="higher",
        target=Decimal("90"),
        amber_threshold=Decimal("85"),
        red_threshold=Decimal("75"),
    )
    quarter = Quarter.last_complete(today)
    value, _ = scorecard_services.value_enter(
        acting_user=w["agency_lead"], indicator=indicator, quarter=quarter, value=Decimal("81.5"), comment="Staffing"
    )
    police = OrganisationFactory(
        name="Testshire Constabulary", kind="police", is_safeguarding_partner=True, is_relevant_agency=False
    )
    OrganisationFactory(
        name="Testshire Integrated Care Board",
        kind="integrated_care_board",
        is_safeguarding_partner=True,
        is_relevant_agency=False,
    )
    assign_perm("partnership.lead_organisation", w["executive"], police)
    council = w["business"].organisation
    signatory_services.signatory_name(acting_user=business, organisation=council, person=w["executive"])
    year = year_of(today)
    draft = report_services.report_create(acting_user=business, year=year - 1)
    awaiting = report_services.report_create(acting_user=business, year=year - 3)
    for other in Organisation.objects.filter(is_safeguarding_partner=True, is_active=True).exclude(pk=council.pk):
        # The matrix's own people for the other partners (not in the cast).
        person = UserFactory(name=f"Signs for {other}", organisation=other)
        signatory_services.signatory_name(acting_user=business, organisation=other, person=person)
    report_services.report_submit(acting_user=business, report=awaiting)
    awaiting.refresh_from_db()
    published = YearlyReport.objects.create(
        year=year - 2,
        status=YearlyReport.Status.PUBLISHED,
        published_on=today - timedelta(days=3),
        published_by=business,
        created_by=business,
        foreword="Our year.",
    )
    published.document = documents.store(
        upload=SimpleUploadedFile(published.file_name, b"%PDF-1.7 published", content_type="application/pdf"),
        subject=published,
        uploaded_by=business,
    )
    published.save()
    pending = PendingImport.objects.create(
        kind="scorecard",
        filename="values.csv",
        content=f"Indicator,Year,Quarter,Value\n{indicator.name},{quarter.year},{quarter.quarter},82\n".encode(),
        created_by=business,
    )
    return {
        "indicator": indicator,
        "indicator_value": value,
        "quarter": quarter,
        "police": police,
        "draft_report": draft,
        "signoff_report": awaiting,
        "published_report": published,
        "scorecard_import": pending,
    }


def _r(name, key):
    return lambda w: reverse(f"scrutiny:{name}", args=[w[key].pk])


ENTRIES = {
    "scrutiny:dashboard": only(*READ_ALL, url=lambda w: reverse("scrutiny:dashboard")),
    "scrutiny:scorecard": only(*EVERY_ROLE, url=lambda w: reverse("scrutiny:scorecard")),
    "scrutiny:scorecard-exceptions": only(*EVERY_ROLE, url=lambda w: reverse("scrutiny:scorecard-exceptions")),
    "scrutiny:scorecard-export": only(*EVERY_ROLE, url=lambda w: reverse("scrutiny:scorecard-export", args=["csv"])),
    "scrutiny:scorecard-enter-choose": only(*ENTERS, url=lambda w: reverse("scrutiny:scorecard-enter-choose")),
    "scrutiny:scorecard-enter": only(
        *ENTERS, url=lambda w: reverse("scrutiny:scorecard-enter", args=[w["quarter"].year, w["quarter"].quarter])
    ),
    "scrutiny:scorecard-import": only(*ENTERS, url=lambda w: reverse("scrutiny:scorecard-import")),
    # An uploaded file is its uploader's alone.
    "scrutiny:scorecard-import-preview": only(
        "business", url=lambda w: reverse("scrutiny:scorecard-import-preview", args=[w["scorecard_import"].pk])
    ),
    "scrutiny:indicator-create": only("business", url=lambda w: reverse("scrutiny:indicator-create")),
    "scrutiny:indicator-detail": only(*EVERY_ROLE, url=_r("indicator-detail", "indicator")),
    "scrutiny:indicator-edit": only("business", url=_r("indicator-edit", "indicator")),
    "scrutiny:indicator-delete": only("business", url=_r("indicator-delete", "indicator")),
    "scrutiny:indicator-history": only(*HISTORY, url=_r("indicator-history", "indicator")),
    "scrutiny:value-history": only(*HISTORY, url=_r("value-history", "indicator_value")),
    # The executive member is also the police's lead and the person who signs for the council.
    "scrutiny:report-list": only(*READ_ALL, url=lambda w: reverse("scrutiny:report-list")),
    "scrutiny:report-create": only("business", url=lambda w: reverse("scrutiny:report-create")),
    "scrutiny:report-detail": only(*READ_ALL, url=_r("report-detail", "draft_report")),
    "scrutiny:report-section-edit": only(
        "business",
        "executive",
        url=lambda w: reverse("scrutiny:report-section-edit", args=[w["draft_report"].pk, "foreword"]),
    ),
    "scrutiny:report-gap": only(
        "business", url=lambda w: reverse("scrutiny:report-gap", args=[w["draft_report"].pk, "reviews"])
    ),
    "scrutiny:report-submit": only("business", url=_r("report-submit", "draft_report")),
    "scrutiny:report-withdraw": only("business", url=_r("report-withdraw", "signoff_report")),
    "scrutiny:report-sign-off": only(
        "executive",
        url=_r("report-sign-off", "signoff_report"),
        method="post",
        status=302,
        data=lambda w: {
            "organisation": w["business"].organisation.pk,
            "version": w["signoff_report"].current_version.number,
            "content_hash": w["signoff_report"].current_version.content_hash,
        },
    ),
    "scrutiny:report-pdf": only(*READ_ALL, url=_r("report-pdf", "draft_report")),
    "scrutiny:report-publish": only("business", url=_r("report-publish", "signoff_report")),
    "scrutiny:report-sent": only("business", url=_r("report-sent", "published_report")),
    "scrutiny:report-history": only(*READ_ALL, url=_r("report-history", "draft_report")),
    "scrutiny:report-signatories": only(*READ_ALL, url=lambda w: reverse("scrutiny:report-signatories")),
    "scrutiny:report-signatory": only(
        "business", url=lambda w: reverse("scrutiny:report-signatory", args=[w["business"].organisation.pk])
    ),
    "scrutiny:report-delegate": only(
        "executive", url=lambda w: reverse("scrutiny:report-delegate", args=[w["business"].organisation.pk])
    ),
    # Public: the published reports, signed in or not.
    "scrutiny:report-public-list": public(lambda w: reverse("scrutiny:report-public-list")),
    "scrutiny:report-public": public(lambda w: reverse("scrutiny:report-public", args=[w["published_report"].year])),
    "scrutiny:report-public-pdf": public(
        lambda w: reverse("scrutiny:report-public-pdf", args=[w["published_report"].year])
    ),
}
