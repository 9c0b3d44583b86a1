"""The yearly report: the compiled sections and the Working Together checklist, sign-off by
each lead safeguarding partner (an edit makes them sign again), publication and the 7-day
deadline to send it, and the PDF with its contents page."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core import assurance
from core.models import Deadline, Notification
from core.services import DomainError
from core.services import deadlines as clock
from partnership.models import BudgetContribution
from scrutiny.models import YearlyReport
from scrutiny.periods import Quarter, year_of
from scrutiny.report import REQUIREMENTS, compile_report, render_report_pdf
from scrutiny.services import report as services
from scrutiny.services import scorecard as scorecard_services
from subgroups.services import groups as group_services
from subgroups.services import plans as plan_services
from tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db
TEXTS = {
    "foreword": "Our year in brief.",
    "arrangements": "Three partners, eight sub-groups.",
    "training": "Forty-eight courses; practice changed.",
    "voice": "The youth board rewrote our leaflet.",
    "not_progressed": "Health assessments did not improve.",
    "next_year": "Children not in school.",
}


@pytest.fixture
def report(business):
    return services.report_create(acting_user=business, year=year_of(timezone.localdate()))


@pytest.fixture
def demo_like(business, chair, member, indicator, agency_lead, report):
    """A year's worth of what the report compiles: a priority served by an approved plan with
    an action signed off on impact, scorecard values, the partners' budget and written text."""
    today = timezone.localdate()
    priority = PriorityFactory(title="Neglect", period_start=today.year - 1, period_end=today.year + 2)
    group = group_services.group_save(acting_user=business, name="Neglect sub-group", kind="subgroup", purpose="x")
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    plan = plan_services.plan_create(acting_user=business, title="Neglect strategy plan", owning_group=group)
    action = plan_services.action_add(
        acting_user=business,
        plan=plan,
        description="Roll out the graded care profile",
        owner=member,
        due_date=today + timedelta(days=30),
        priority=priority,
    )
    plan_services.plan_submit(acting_user=business, plan=plan)
    plan_services.plan_approve(acting_user=chair, plan=plan)
    plan_services.action_update(acting_user=member, action=action, status="complete", text="Done")
    plan_services.action_sign_off(
        acting_user=chair, action=action, impact_statement="Nine in ten neglect cases now use the profile."
    )
    for quarter in Quarter.of(today).back(2):
        if quarter.year == report.year:
            scorecard_services.value_enter(
                acting_user=agency_lead, indicator=indicator, quarter=quarter, value=Decimal("72")
            )
    BudgetContribution.objects.create(financial_year=report.year, organisation=business.organisation, cash_amount=1000)
    for key, text in TEXTS.items():
        services.report_section_edit(acting_user=business, report=report, key=key, text=text)
    report.refresh_from_db()
    return report


def _sign_all(report, lead_partners):
    for organisation, lead in lead_partners.values():
        services.report_sign_off(acting_user=lead, report=report, organisation=organisation)


# The compiled report and its checklist ----------------------------------------------------------------------


def test_an_empty_report_shows_which_requirements_are_missing(report):
    checklist = {item.key: item for item in compile_report(report).checklist}
    assert {r.key for r in REQUIREMENTS} <= set(checklist)
    for key in ("no_progress", "voice", "impact", "effectiveness"):
        assert not checklist[key].met, key


def test_each_requirement_is_ticked_when_a_section_answering_it_has_content(demo_like):
    compiled = compile_report(demo_like)
    checklist = {item.key: item for item in compiled.checklist}
    for key in ("effectiveness", "impact", "no_progress", "voice", "funding", "assurance"):
        assert checklist[key].met, key
    sections = {s.key: s for s in compiled.sections}
    assert sections["priorities"].context["priorities"][0]["plans"][0]["plan__title"] == "Neglect strategy plan"
    assert sections["changes"].context["actions"][0].impact_statement.startswith("Nine in ten")
    assert sections["scorecard"].has_content and sections["funding"].has_content


def test_a_section_registered_with_its_own_requirement_gets_its_own_line(report):
    assurance.register_report_section(
        assurance.ReportSection(
            key="test-extra",
            title="Child death reviews",
            template="scrutiny/report/_funding.html",
            order=50,
            requirement="Child death review arrangements",
            context=lambda start, end: {"rows": [], "has_content": False},
        )
    )
    try:
        checklist = {item.key: item for item in compile_report(report).checklist}
        assert checklist["Child death review arrangements"].sections == ["Child death reviews"]
        assert not checklist["Child death review arrangements"].met
    finally:
        assurance._report.pop("test-extra")


# Sign-off by the lead safeguarding partners ------------------------------------------------------------------


def test_each_lead_partner_signs_off_for_their_own_organisation(report, lead_partners):
    police, police_lead = lead_partners["police"]
    icb, _ = lead_partners["integrated_care_board"]
    services.report_sign_off(acting_user=police_lead, report=report, organisation=police)
    with pytest.raises(DomainError, match="already signed off this version"):
        services.report_sign_off(acting_user=police_lead, report=report, organisation=police)
    with pytest.raises(PermissionDenied):
        services.report_sign_off(acting_user=police_lead, report=report, organisation=icb)
    compiled = compile_report(report)
    assert [p.partner for p in compiled.partners if p.sign_off] == [police]
    assert not compiled.all_signed


@pytest.mark.parametrize("who", ["business", "executive", "agency_lead", "scrutineer"])
def test_nobody_but_a_lead_partner_signs_off(report, lead_partners, cast, who):
    council, _ = lead_partners["local_authority"]
    with pytest.raises(PermissionDenied):
        services.report_sign_off(acting_user=cast[who], report=report, organisation=council)


def test_an_edit_after_a_sign_off_means_signing_again(report, business, lead_partners):
    police, police_lead = lead_partners["police"]
    services.report_sign_off(acting_user=police_lead, report=report, organisation=police)
    edited = services.report_section_edit(acting_user=business, report=report, key="foreword", text="Changed")
    assert [str(s.organisation) for s in edited.withdrawn] == ["Testshire Police"]
    report.refresh_from_db()
    assert not any(p.sign_off for p in compile_report(report).partners)
    assert Notification.objects.filter(recipient=police_lead, kind="yearly_report").exists()
    assert "no longer count" in report.history.first().history_change_reason
    # Signing off a version that has since changed is refused; the current one is accepted.
    with pytest.raises(DomainError, match="has changed since you opened it"):
        services.report_sign_off(acting_user=police_lead, report=report, organisation=police, revision=1)
    services.report_sign_off(acting_user=police_lead, report=report, organisation=police, revision=report.revision)


def test_saving_the_same_text_is_not_an_edit(report, business, lead_partners):
    police, police_lead = lead_partners["police"]
    services.report_sign_off(acting_user=police_lead, report=report, organisation=police)
    assert not services.report_section_edit(acting_user=business, report=report, key="foreword", text="").withdrawn
    assert compile_report(report).partners[-1].sign_off is not None


def test_it_cannot_be_published_until_all_three_partners_have_signed_off(report, business, lead_partners):
    police, police_lead = lead_partners["police"]
    services.report_sign_off(acting_user=police_lead, report=report, organisation=police)
    with pytest.raises(DomainError, match="still needed from Testshire County Council, Testshire ICB"):
        services.report_publish(
            acting_user=business, report=report, published_on=timezone.localdate(), render=lambda r: b"%PDF"
        )
    assert YearlyReport.objects.get(pk=report.pk).is_draft


def test_publishing_keeps_the_pdf_and_starts_the_seven_day_clock(report, business, lead_partners):
    earlier = clock.deadline_create(
        subject=report,
        rule_key="yearly_report",
        start=timezone.localdate() - timedelta(days=300),
        title="Publish this year",
    )
    _sign_all(report, lead_partners)
    published_on = timezone.localdate() - timedelta(days=2)
    services.report_publish(
        acting_user=business, report=report, published_on=published_on, render=lambda r: b"%PDF-1.7"
    )
    report.refresh_from_db()
    assert report.status == "published" and report.document.original_name.endswith(".pdf")
    sent = Deadline.objects.for_subject(report).get(rule__key="yearly_report_sent")
    assert sent.due_date == published_on + timedelta(days=7) and sent.rule.is_statutory
    assert Deadline.objects.for_subject(report).filter(rule__key="yearly_report", status="open").count() == 1
    earlier.refresh_from_db()
    assert earlier.status == Deadline.Status.MET
    with pytest.raises(DomainError, match="published"):
        services.report_section_edit(acting_user=business, report=report, key="foreword", text="Too late")
    with pytest.raises(DomainError, match="before the publication date|on or after the publication date"):
        services.report_record_sent(acting_user=business, report=report, sent_on=published_on - timedelta(days=1))
    services.report_record_sent(acting_user=business, report=report, sent_on=timezone.localdate())
    sent.refresh_from_db()
    assert sent.status == Deadline.Status.MET and sent.met_on_time


def test_a_publication_date_in_the_future_is_refused(report, business, lead_partners):
    _sign_all(report, lead_partners)
    with pytest.raises(DomainError, match="cannot be in the future"):
        services.report_publish(
            acting_user=business,
            report=report,
            published_on=timezone.localdate() + timedelta(days=1),
            render=lambda r: b"",
        )


def test_recording_it_sent_needs_it_published(report, business):
    with pytest.raises(DomainError, match="Publish the report"):
        services.report_record_sent(acting_user=business, report=report, sent_on=timezone.localdate())


# The PDF ---------------------------------------------------------------------------------------------------------


def test_the_pdf_has_a_contents_page_and_every_section_the_report_requires(demo_like, lead_partners):
    council, council_lead = lead_partners["local_authority"]
    services.report_sign_off(acting_user=council_lead, report=demo_like, organisation=council)
    compiled = compile_report(demo_like)
    reader = PdfReader(io.BytesIO(render_report_pdf(demo_like)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    contents = " ".join(reader.pages[1].extract_text().split())
    assert "Contents" in contents
    for section in compiled.sections:
        assert section.title in contents, section.title
        assert f"{compiled.sections.index(section) + 1}. {section.title}" in flat, section.title
    for requirement in REQUIREMENTS:
        assert requirement.title in flat, requirement.title
    for phrase in (
        "How this report meets Working Together 2023",
        "Sign-off by the lead safeguarding partners",
        "Neglect strategy plan",
        "Nine in ten neglect cases now use the profile.",
        "Return interviews within 72 hours",
        "The youth board rewrote our leaflet.",
        f"Lead for {council}",
    ):
        assert phrase in flat, phrase
    assert [item["/Title"] for item in reader.outline if isinstance(item, dict)][0].startswith("Yearly report")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


# The pages ---------------------------------------------------------------------------------------------------------


def test_the_report_page_shows_the_checklist_sign_offs_and_sections(demo_like, executive, client_for):
    page = client_for(executive).get(demo_like.get_absolute_url()).content.decode()
    assert "What Working Together 2023 asks the report to contain" in page
    assert "Not signed off" in page and "Our year in brief." in page and "Neglect strategy plan" in page


def test_editing_a_section_tells_the_editor_whose_sign_offs_no_longer_count(
    report, business, lead_partners, client_for
):
    police, police_lead = lead_partners["police"]
    services.report_sign_off(acting_user=police_lead, report=report, organisation=police)
    url = reverse("scrutiny:report-section-edit", args=[report.pk, "voice"])
    client = client_for(business)
    snapshot = client.get(url).context["form"].initial["_snapshot"]
    response = client.post(url, {"voice": "Children told us.", "_snapshot": snapshot}, follow=True)
    assert "The sign-offs of Testshire Police no longer count" in response.content.decode()
    assert client.get(reverse("scrutiny:report-section-edit", args=[report.pk, "nonsense"])).status_code == 404


def test_a_lead_partner_signs_off_from_the_page(report, lead_partners, client_for):
    police, police_lead = lead_partners["police"]
    client = client_for(police_lead)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Sign off version 1 for Testshire Police" in page
    response = client.post(
        reverse("scrutiny:report-sign-off", args=[report.pk]),
        {"organisation": police.pk, "revision": report.revision},
        follow=True,
    )
    assert "You signed off this version of the report for Testshire Police" in response.content.decode()
    junk = client.post(reverse("scrutiny:report-sign-off", args=[report.pk]), {"organisation": "x"}, follow=True)
    assert "Select a partner you are the lead for" in junk.content.decode()


def test_the_publish_form_refuses_a_bad_date_in_govuk_words(report, business, lead_partners, client_for):
    _sign_all(report, lead_partners)
    client = client_for(business)
    url = reverse("scrutiny:report-publish", args=[report.pk])
    future = timezone.localdate() + timedelta(days=3)
    junk = client.post(url, {"published_on_0": "31", "published_on_1": "2", "published_on_2": "2026"})
    assert "The publication date must be a real date" in junk.content.decode()
    later = client.post(
        url, {"published_on_0": future.day, "published_on_1": future.month, "published_on_2": future.year}
    )
    assert "The publication date cannot be in the future" in later.content.decode()


def test_a_draft_pdf_is_built_for_those_who_may_read_the_report(report, executive, member, client_for):
    response = client_for(executive).get(reverse("scrutiny:report-pdf", args=[report.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client_for(member).get(reverse("scrutiny:report-pdf", args=[report.pk])).status_code == 404


def test_the_outsider_is_refused_every_report_page(report, outsider, client_for):
    client = client_for(outsider)
    for url in (
        reverse("scrutiny:report-list"),
        reverse("scrutiny:report-create"),
        report.get_absolute_url(),
        reverse("scrutiny:report-section-edit", args=[report.pk, "foreword"]),
        reverse("scrutiny:report-pdf", args=[report.pk]),
        reverse("scrutiny:report-publish", args=[report.pk]),
        reverse("scrutiny:report-sent", args=[report.pk]),
        reverse("scrutiny:report-history", args=[report.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(reverse("scrutiny:report-sign-off", args=[report.pk])).status_code in (403, 404)
