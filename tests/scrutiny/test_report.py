"""The yearly report: the compiled sections and the Working Together checklist; freezing a
version for sign-off and signing it with its content hash (any change voids the sign-offs,
a change in the data leaves the signed content alone); who may sign (each partner's named
signatory or their delegate, never the business unit); the publishing rules (every partner,
not before the year ends without a reason, no unexplained gap); the published PDF (stored,
served as published from its public page, never saying "draft"); and the pages."""

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
from scrutiny.models import ReportVersion, YearlyReport
from scrutiny.periods import Quarter, year_of
from scrutiny.report import REQUIREMENTS, changed_since, compile_report, render_report_pdf, report_content
from scrutiny.services import report as services
from scrutiny.services import scorecard as scorecard_services
from scrutiny.services import signatories as signatory_services
from subgroups.models import PartnershipGroup
from subgroups.services import groups as group_services
from subgroups.services import plans as plan_services
from tests.factories import PriorityFactory, UserFactory

pytestmark = pytest.mark.django_db
TEXTS = {
    "foreword": "Our year in brief.",
    "arrangements": "Three partners, eight sub-groups.",
    "training": "Forty-eight courses; practice changed.",
    "voice": "The youth board rewrote our leaflet.",
    "not_progressed": "Health assessments did not improve.",
    "next_year": "Children not in school.",
}
EXPLANATIONS = {
    "reviews": "No review was concluded this year.",
    "scrutiny": "Our scrutineer started in March.",
    "effectiveness": "Priorities were reset this year.",
    "assurance": "Audits restart next year.",
    "impact": "Nothing was signed off on impact.",
}


@pytest.fixture
def report(business):
    """This year's report: the year has not ended."""
    return services.report_create(acting_user=business, year=year_of(timezone.localdate()))


@pytest.fixture
def last_year(business):
    """Last year's report: its year is over, so it may be published without a reason."""
    return services.report_create(acting_user=business, year=year_of(timezone.localdate()) - 1)


@pytest.fixture
def signatories(business, lead_partners):
    """Each partner's lead named as the person who signs the report for it: {kind: (partner, signatory)}."""
    for organisation, lead in lead_partners.values():
        signatory_services.signatory_name(acting_user=business, organisation=organisation, person=lead)
    return lead_partners


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


def _explain_gaps(report, business):
    for item in compile_report(report, render=False).gaps:
        services.report_gap_explain(
            acting_user=business, report=report, requirement=item.key, text=EXPLANATIONS.get(item.key, "Not this year.")
        )


def _sign_all(report, partners):
    report.refresh_from_db()
    version = report.current_version
    for organisation, signatory in partners.values():
        services.report_sign_off(
            acting_user=signatory,
            report=report,
            organisation=organisation,
            version=version.number,
            content_hash=version.content_hash,
        )


def _ready_to_publish(report, business, partners):
    for key, text in TEXTS.items():
        services.report_section_edit(acting_user=business, report=report, key=key, text=text)
    _explain_gaps(report, business)
    services.report_submit(acting_user=business, report=report)
    _sign_all(report, partners)
    report.refresh_from_db()
    return report


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


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
    assert sections["priorities"].context["plans"][0]["plan__title"] == "Neglect strategy plan"
    assert sections["changes"].context["actions"][0].impact_statement.startswith("Nine in ten")
    assert sections["scorecard"].has_content and sections["funding"].has_content


def test_a_plan_serving_several_priorities_is_listed_once(demo_like, business, member, chair):
    today = timezone.localdate()
    second = PriorityFactory(title="Exploitation", period_start=today.year - 1, period_end=today.year + 2)
    group = PartnershipGroup.objects.get(name="Neglect sub-group")
    shared = plan_services.plan_create(acting_user=business, title="Shared plan", owning_group=group)
    first = PriorityFactory(title="Neglect again", period_start=today.year - 1, period_end=today.year + 2)
    for priority in (first, second):
        plan_services.action_add(
            acting_user=business,
            plan=shared,
            description=f"Work on {priority}",
            owner=member,
            due_date=today + timedelta(days=30),
            priority=priority,
        )
    plan_services.plan_submit(acting_user=business, plan=shared)
    plan_services.plan_approve(acting_user=chair, plan=shared)
    section = next(s for s in compile_report(demo_like).sections if s.key == "priorities")
    titles = [p["plan__title"] for p in section.context["plans"]]
    assert titles.count("Shared plan") == 1
    shared_row = next(p for p in section.context["plans"] if p["plan__title"] == "Shared plan")
    assert shared_row["priorities"] == ["Exploitation", "Neglect again"] and shared_row["total"] == 2
    assert str(section.html).count("Shared plan") == 1  # in the table of plans only


def test_a_section_registered_with_its_own_requirement_gets_its_own_line(report, monkeypatch):
    monkeypatch.setitem(
        assurance._report,
        "test-extra",
        assurance.ReportSection(
            key="test-extra",
            title="Child death reviews",
            template="scrutiny/report/_funding.html",
            order=50,
            requirement="Child death review arrangements",
            context=lambda start, end: {"rows": [], "has_content": False},
        ),
    )
    checklist = {item.key: item for item in compile_report(report).checklist}
    assert [s.title for s in checklist["Child death review arrangements"].sections] == ["Child death reviews"]
    assert not checklist["Child death review arrangements"].met


def test_a_section_registered_under_a_written_sections_key_is_printed_under_its_narrative(
    report, business, monkeypatch
):
    """How another app adds its figures to "Training and its impact" (the current API: a
    template and context(start, end)); its data is frozen with the version as plain values.
    The training app's own section is put back afterwards (monkeypatch), so tests that run
    later in the same process still find it."""
    monkeypatch.setitem(
        assurance._report,
        "training",
        assurance.ReportSection(
            key="training",
            title="Training (compiled)",
            template="scrutiny/report/_funding.html",
            order=71,
            requirement="impact",
            context=lambda start, end: {"rows": [], "total": Decimal("12.50"), "year_label": "x", "has_content": True},
        ),
    )
    services.report_section_edit(acting_user=business, report=report, key="training", text="Courses ran.")
    report.refresh_from_db()
    compiled = compile_report(report)
    [training] = [s for s in compiled.sections if s.key == "training"]
    assert training.title == "Training and its impact" and training.text == "Courses ran."
    assert "No contributions are recorded for x" in training.html
    assert training.data == {"rows": [], "total": "12.50", "year_label": "x", "has_content": True}


# Who signs ------------------------------------------------------------------------------------------------------


def test_the_business_unit_names_who_signs_for_each_partner_from_that_partner(business, lead_partners):
    council, council_lead = lead_partners["local_authority"]
    police, police_lead = lead_partners["police"]
    with pytest.raises(DomainError, match="must work for Testshire County Council"):
        signatory_services.signatory_name(acting_user=business, organisation=council, person=police_lead)
    with pytest.raises(DomainError, match="business unit, which prepares the report but cannot sign it off"):
        signatory_services.signatory_name(acting_user=business, organisation=council, person=business)
    with pytest.raises(PermissionDenied):
        signatory_services.signatory_name(acting_user=council_lead, organisation=council, person=council_lead)
    named = signatory_services.signatory_name(acting_user=business, organisation=council, person=council_lead)
    assert named.signatory == council_lead
    assert Notification.objects.filter(recipient=council_lead, kind="yearly_report").exists()


def test_a_signatory_records_a_delegate_who_may_then_sign(business, signatories, report):
    police, police_lead = signatories["police"]
    deputy = UserFactory(name="Dee Deputy", organisation=police)
    with pytest.raises(PermissionDenied):
        signatory_services.signatory_delegate(acting_user=business, organisation=police, person=deputy)
    signatory_services.signatory_delegate(acting_user=police_lead, organisation=police, person=deputy)
    version = services.report_submit(acting_user=business, report=report)
    sign_off = services.report_sign_off(
        acting_user=deputy,
        report=report,
        organisation=police,
        version=version.number,
        content_hash=version.content_hash,
    )
    assert sign_off.as_delegate and sign_off.content_hash == version.content_hash


@pytest.mark.parametrize("who", ["business", "executive", "agency_lead", "scrutineer"])
def test_nobody_but_the_named_signatory_signs(report, signatories, cast, who):
    from guardian.shortcuts import assign_perm

    council, _ = signatories["local_authority"]
    # The business unit officer works for the council and even leads it in the directory.
    assign_perm("partnership.lead_organisation", cast["business"], council)
    version = services.report_submit(acting_user=cast["business"], report=report)
    with pytest.raises(PermissionDenied):
        services.report_sign_off(
            acting_user=cast[who],
            report=report,
            organisation=council,
            version=version.number,
            content_hash=version.content_hash,
        )


def test_submitting_needs_someone_named_for_every_partner(report, business, lead_partners):
    with pytest.raises(DomainError, match="Name who signs the report for .*Testshire County Council"):
        services.report_submit(acting_user=business, report=report)


def test_a_signatory_whose_account_ended_no_longer_signs(report, business, signatories):
    police, police_lead = signatories["police"]
    police_lead.is_active = False
    police_lead.save()
    with pytest.raises(DomainError, match="Name who signs the report for Testshire Police before"):
        services.report_submit(acting_user=business, report=report)


# Frozen versions and sign-off ------------------------------------------------------------------------------------


def test_submitting_freezes_the_content_and_each_sign_off_records_its_hash(demo_like, business, signatories):
    version = services.report_submit(acting_user=business, report=demo_like)
    assert version.number == 1 and len(version.content_hash) == 64
    sections = {s["key"]: s for s in version.content["sections"]}
    assert "Neglect strategy plan" in sections["priorities"]["html"]
    assert sections["foreword"]["text"] == "Our year in brief."
    police, police_lead = signatories["police"]
    assert Notification.objects.filter(recipient=police_lead, title__contains="version 1 needs your sign-off").exists()
    with pytest.raises(DomainError, match="already awaiting sign-off"):
        services.report_submit(acting_user=business, report=demo_like)
    sign_off = services.report_sign_off(
        acting_user=police_lead, report=demo_like, organisation=police, version=1, content_hash=version.content_hash
    )
    assert sign_off.version == version and sign_off.content_hash == version.content_hash
    with pytest.raises(DomainError, match="already signed off this version"):
        services.report_sign_off(
            acting_user=police_lead, report=demo_like, organisation=police, version=1, content_hash=version.content_hash
        )


def test_a_change_after_sign_off_voids_the_sign_off(report, business, signatories):
    police, police_lead = signatories["police"]
    version = services.report_submit(acting_user=business, report=report)
    services.report_sign_off(
        acting_user=police_lead, report=report, organisation=police, version=1, content_hash=version.content_hash
    )
    edited = services.report_section_edit(acting_user=business, report=report, key="foreword", text="Changed")
    assert [str(s.organisation) for s in edited.withdrawn] == ["Testshire Police"]
    report.refresh_from_db()
    version.refresh_from_db()
    assert report.is_being_prepared and report.current_version is None
    assert version.status == ReportVersion.Status.VOID and "“Foreword” was edited" in version.void_reason
    assert not any(p.sign_off for p in compile_report(report).partners)
    assert Notification.objects.filter(recipient=police_lead, title__contains="was withdrawn").exists()
    assert "no longer count" in report.history.all()[1].history_change_reason
    # The old version can no longer be signed; the next submission is version 2.
    with pytest.raises(DomainError, match="not awaiting sign-off"):
        services.report_sign_off(
            acting_user=police_lead, report=report, organisation=police, version=1, content_hash=version.content_hash
        )
    second = services.report_submit(acting_user=business, report=report)
    assert second.number == 2 and second.content_hash != version.content_hash
    with pytest.raises(DomainError, match="has changed since you opened it"):
        services.report_sign_off(
            acting_user=police_lead, report=report, organisation=police, version=2, content_hash=version.content_hash
        )


def test_a_change_in_the_data_leaves_the_signed_version_alone_and_is_shown(
    demo_like, business, signatories, indicator, agency_lead
):
    version = services.report_submit(acting_user=business, report=demo_like)
    police, police_lead = signatories["police"]
    services.report_sign_off(
        acting_user=police_lead, report=demo_like, organisation=police, version=1, content_hash=version.content_hash
    )
    quarter = Quarter.last_complete(timezone.localdate())
    if quarter.year != demo_like.year:
        quarter = Quarter.of(timezone.localdate())
    scorecard_services.value_enter(acting_user=agency_lead, indicator=indicator, quarter=quarter, value=Decimal("13"))
    demo_like.refresh_from_db()
    frozen = report_content(demo_like)
    assert frozen.version == version and frozen.partners[-1].sign_off is not None
    scorecard = next(s for s in frozen.sections if s.key == "scorecard")
    assert "13%" not in scorecard.html and "72%" in scorecard.html
    version.refresh_from_db()
    assert version.content_hash == services.content_hash(version.content)
    assert "The scorecard: performance through the year" in changed_since(version, compile_report(demo_like))


# Publishing -------------------------------------------------------------------------------------------------


def test_it_cannot_be_published_until_every_partner_has_signed(last_year, business, signatories):
    for key, text in TEXTS.items():
        services.report_section_edit(acting_user=business, report=last_year, key=key, text=text)
    _explain_gaps(last_year, business)
    version = services.report_submit(acting_user=business, report=last_year)
    police, police_lead = signatories["police"]
    services.report_sign_off(
        acting_user=police_lead, report=last_year, organisation=police, version=1, content_hash=version.content_hash
    )
    with pytest.raises(DomainError, match="still needed from Testshire County Council, Testshire ICB"):
        services.report_publish(
            acting_user=business, report=last_year, published_on=timezone.localdate(), render=lambda r: b"%PDF"
        )
    assert YearlyReport.objects.get(pk=last_year.pk).is_awaiting_sign_off


def test_publishing_before_the_year_ends_needs_a_reason(report, business, signatories):
    _ready_to_publish(report, business, signatories)
    with pytest.raises(DomainError, match="give the reason for publishing the report before it ends"):
        services.report_publish(
            acting_user=business, report=report, published_on=timezone.localdate(), render=lambda r: b"%PDF-1.7"
        )
    services.report_publish(
        acting_user=business,
        report=report,
        published_on=timezone.localdate(),
        render=lambda r: b"%PDF-1.7",
        early_reason="The Executive agreed to publish with the budget cycle",
    )
    report.refresh_from_db()
    assert report.is_published and report.early_publication_reason.startswith("The Executive agreed")
    assert "before the end of the year: The Executive agreed" in report.history.first().history_change_reason


def test_publishing_with_a_gap_is_refused_until_the_gap_is_explained_in_the_report(last_year, business, signatories):
    for key, text in TEXTS.items():
        services.report_section_edit(acting_user=business, report=last_year, key=key, text=text)
    gaps = compile_report(last_year, render=False).gaps
    assert "reviews" in {item.key for item in gaps}
    services.report_submit(acting_user=business, report=last_year)
    _sign_all(last_year, signatories)
    with pytest.raises(DomainError, match="does not say why: .*Child safeguarding practice reviews"):
        services.report_publish(
            acting_user=business, report=last_year, published_on=timezone.localdate(), render=lambda r: b"%PDF"
        )
    # Explaining is a change: it withdraws the signed version, which is signed again.
    _explain_gaps(last_year, business)
    last_year.refresh_from_db()
    assert last_year.is_being_prepared
    services.report_submit(acting_user=business, report=last_year)
    _sign_all(last_year, signatories)
    services.report_publish(
        acting_user=business, report=last_year, published_on=timezone.localdate(), render=render_report_pdf
    )
    last_year.refresh_from_db()
    text = _text(last_year.document.file.read())
    assert "Not covered this year. No review was concluded this year." in text


def test_the_published_pdf_is_stored_served_as_published_and_never_says_draft(
    last_year, business, signatories, client, indicator, agency_lead
):
    _ready_to_publish(last_year, business, signatories)
    published_on = timezone.localdate()
    services.report_publish(acting_user=business, report=last_year, published_on=published_on, render=render_report_pdf)
    last_year.refresh_from_db()
    stored = last_year.document.file.read()
    text = _text(stored)
    assert "draft" not in text.lower()
    assert f"Published on {published_on:%-d %B %Y}" in text
    assert "Compiled from the portal" not in text and "not yet published" not in text
    assert last_year.current_version.status == ReportVersion.Status.PUBLISHED
    assert last_year.current_version.content_hash in text.replace(" ", "")
    # Whatever changes later, the public link serves the stored file, and its page shows the hash.
    scorecard_services.value_enter(
        acting_user=agency_lead, indicator=indicator, quarter=Quarter(last_year.year, 4), value=Decimal("1")
    )
    response = client.get(reverse("scrutiny:report-public-pdf", args=[last_year.year]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == stored
    page = client.get(reverse("scrutiny:report-public", args=[last_year.year])).content.decode()
    assert last_year.document.sha256 in page
    assert last_year.year_label in client.get(reverse("scrutiny:report-public-list")).content.decode()


def test_publishing_keeps_the_pdf_and_starts_the_seven_day_clock(last_year, business, signatories):
    earlier = clock.deadline_create(
        subject=last_year,
        rule_key="yearly_report",
        start=timezone.localdate() - timedelta(days=300),
        title="Publish this year",
    )
    _ready_to_publish(last_year, business, signatories)
    with pytest.raises(DomainError, match="cannot be before the last partner signed it off"):
        services.report_publish(
            acting_user=business,
            report=last_year,
            published_on=timezone.localdate() - timedelta(days=2),
            render=lambda r: b"%PDF-1.7",
        )
    published_on = timezone.localdate()
    services.report_publish(
        acting_user=business, report=last_year, published_on=published_on, render=lambda r: b"%PDF-1.7"
    )
    last_year.refresh_from_db()
    assert last_year.status == "published" and last_year.document.original_name.endswith(".pdf")
    sent = Deadline.objects.for_subject(last_year).get(rule__key="yearly_report_sent")
    assert sent.due_date == published_on + timedelta(days=7) and sent.rule.is_statutory
    assert Deadline.objects.for_subject(last_year).filter(rule__key="yearly_report", status="open").count() == 1
    earlier.refresh_from_db()
    assert earlier.status == Deadline.Status.MET
    with pytest.raises(DomainError, match="published"):
        services.report_section_edit(acting_user=business, report=last_year, key="foreword", text="Too late")
    with pytest.raises(DomainError, match="on or after the publication date"):
        services.report_record_sent(acting_user=business, report=last_year, sent_on=published_on - timedelta(days=1))
    services.report_record_sent(acting_user=business, report=last_year, sent_on=timezone.localdate())
    sent.refresh_from_db()
    assert sent.status == Deadline.Status.MET and sent.met_on_time


def test_a_publication_date_in_the_future_is_refused(last_year, business, signatories):
    _ready_to_publish(last_year, business, signatories)
    with pytest.raises(DomainError, match="cannot be in the future"):
        services.report_publish(
            acting_user=business,
            report=last_year,
            published_on=timezone.localdate() + timedelta(days=1),
            render=lambda r: b"",
        )


def test_recording_it_sent_needs_it_published(report, business):
    with pytest.raises(DomainError, match="Publish the report"):
        services.report_record_sent(acting_user=business, report=report, sent_on=timezone.localdate())


# The PDF ---------------------------------------------------------------------------------------------------------


def test_the_pdf_has_a_cover_contents_with_page_numbers_and_every_section(demo_like, business, signatories):
    version = services.report_submit(acting_user=business, report=demo_like)
    council, council_lead = signatories["local_authority"]
    services.report_sign_off(
        acting_user=council_lead, report=demo_like, organisation=council, version=1, content_hash=version.content_hash
    )
    demo_like.refresh_from_db()
    compiled = report_content(demo_like)
    reader = PdfReader(io.BytesIO(render_report_pdf(demo_like)))
    flat = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Yearly report" in cover and "Version 1 for sign-off by the safeguarding partners" in cover
    contents = " ".join(reader.pages[1].extract_text().split())
    assert "Contents" in contents
    for number, section in enumerate(compiled.sections, start=1):
        assert f"{number}. {section.title}" in contents, section.title
        assert f"{number}. {section.title}" in flat, section.title
    assert any(f"{section.title} ." in contents or section.title in contents for section in compiled.sections)
    for requirement in REQUIREMENTS:
        assert requirement.title in flat, requirement.title
    for phrase in (
        "How this report meets Working Together 2023",
        "Signed off by the safeguarding partners",
        "Neglect strategy plan",
        "Nine in ten neglect cases now use the profile.",
        "Return interviews within 72 hours",
        "The youth board rewrote our leaflet.",
        f"Lead for {council}",
        "(page ",
    ):
        assert phrase in flat, phrase
    assert "Compiled from the portal" not in flat
    assert [item["/Title"] for item in reader.outline if isinstance(item, dict)][0].startswith("Yearly report")


# The pages ---------------------------------------------------------------------------------------------------------


def test_the_report_page_shows_the_checklist_sign_offs_and_sections(demo_like, executive, client_for):
    page = client_for(executive).get(demo_like.get_absolute_url()).content.decode()
    assert "What Working Together 2023 asks the report to contain" in page
    assert "Not submitted for sign-off yet" in page and "Our year in brief." in page and "Neglect strategy plan" in page


def test_the_business_unit_submits_and_is_told_what_changed_in_the_data(demo_like, business, signatories, client_for):
    client = client_for(business)
    url = reverse("scrutiny:report-submit", args=[demo_like.pk])
    assert "Who will be asked to sign it off" in client.get(url).content.decode()
    page = client.post(url, follow=True).content.decode()
    assert "Report submitted for sign-off" in page and "Awaiting sign-off" in page
    assert "Sign off version" not in page  # the business unit never gets the button
    police, _ = signatories["police"]
    BudgetContribution.objects.create(financial_year=demo_like.year, organisation=police, cash_amount=5)
    page = client.get(demo_like.get_absolute_url()).content.decode()
    assert "The portal’s data has changed since version 1 was frozen, in: How the arrangements are funded" in page


def test_editing_a_section_tells_the_editor_whose_sign_offs_no_longer_count(report, business, signatories, client_for):
    police, police_lead = signatories["police"]
    version = services.report_submit(acting_user=business, report=report)
    services.report_sign_off(
        acting_user=police_lead, report=report, organisation=police, version=1, content_hash=version.content_hash
    )
    url = reverse("scrutiny:report-section-edit", args=[report.pk, "voice"])
    client = client_for(business)
    form_page = client.get(url)
    assert "Saving a change withdraws version 1: the sign-offs of Testshire Police will no longer count" in (
        form_page.content.decode()
    )
    snapshot = form_page.context["form"].initial["_snapshot"]
    response = client.post(url, {"voice": "Children told us.", "_snapshot": snapshot}, follow=True)
    page = response.content.decode()
    assert "Version 1 was withdrawn from sign-off: the sign-offs of Testshire Police no longer count" in page
    assert "Sign-offs that no longer count" in page
    assert client.get(reverse("scrutiny:report-section-edit", args=[report.pk, "nonsense"])).status_code == 404


def test_a_signatory_signs_off_from_the_page(report, business, signatories, client_for):
    police, police_lead = signatories["police"]
    version = services.report_submit(acting_user=business, report=report)
    client = client_for(police_lead)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Sign off version 1 for Testshire Police" in page and version.content_hash in page
    response = client.post(
        reverse("scrutiny:report-sign-off", args=[report.pk]),
        {"organisation": police.pk, "version": 1, "content_hash": version.content_hash},
        follow=True,
    )
    assert "You signed off version 1 of the report for Testshire Police" in response.content.decode()
    junk = client.post(reverse("scrutiny:report-sign-off", args=[report.pk]), {"organisation": "x"}, follow=True)
    assert "Select a partner you sign the report for" in junk.content.decode()


def test_the_publish_form_refuses_bad_dates_and_an_early_date_without_a_reason(
    report, business, signatories, client_for
):
    _ready_to_publish(report, business, signatories)
    client = client_for(business)
    url = reverse("scrutiny:report-publish", args=[report.pk])
    junk = client.post(url, {"published_on_0": "31", "published_on_1": "2", "published_on_2": "2026"})
    assert "The publication date must be a real date" in junk.content.decode()
    today = timezone.localdate()
    early = client.post(url, {"published_on_0": today.day, "published_on_1": today.month, "published_on_2": today.year})
    assert "enter why the report is published before it ends" in early.content.decode()
    assert YearlyReport.objects.get(pk=report.pk).is_awaiting_sign_off


def test_the_signatories_page_lets_the_business_unit_name_and_the_signatory_delegate(
    business, lead_partners, client_for
):
    police, police_lead = lead_partners["police"]
    client = client_for(business)
    page = client.get(reverse("scrutiny:report-signatories")).content.decode()
    assert "Nobody named" in page and 'Name<span class="govuk-visually-hidden"> who signs for Testshire Police' in page
    response = client.post(
        reverse("scrutiny:report-signatory", args=[police.pk]), {"person": police_lead.pk}, follow=True
    )
    assert "Lead for Testshire Police signs the yearly report for Testshire Police" in response.content.decode()
    refused = client.post(reverse("scrutiny:report-signatory", args=[police.pk]), {"person": business.pk})
    assert "Select someone from the list" in refused.content.decode()
    deputy = UserFactory(name="Dee Deputy", organisation=police)
    client = client_for(police_lead)
    assert client.get(reverse("scrutiny:report-delegate", args=[police.pk])).status_code == 200
    saved = client.post(reverse("scrutiny:report-delegate", args=[police.pk]), {"person": deputy.pk}, follow=True)
    assert "Dee Deputy may sign the yearly report for you" in saved.content.decode()
    assert client_for(deputy).get(reverse("scrutiny:report-delegate", args=[police.pk])).status_code == 403


def test_a_draft_pdf_is_built_for_those_who_may_read_the_report(report, executive, member, client_for):
    response = client_for(executive).get(reverse("scrutiny:report-pdf", args=[report.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "draft" in _text(response.content).lower()
    assert client_for(member).get(reverse("scrutiny:report-pdf", args=[report.pk])).status_code == 404


def test_a_versions_pdf_is_built_once_in_the_background_and_served_from_the_stored_file(
    report, business, signatories, executive, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.report_submit(acting_user=business, report=report)
    version.refresh_from_db()
    stored = version.document.file.read()
    assert "Version 1 for sign-off by the safeguarding partners" in _text(stored)
    response = client_for(executive).get(reverse("scrutiny:report-pdf", args=[report.pk]), follow=True)
    assert b"".join(response.streaming_content) == stored
    assert services.report_version_pdf_build(version_id=version.pk) is False  # built once


def test_a_versions_pdf_once_built_is_read_from_its_stored_file_and_not_built_again(
    report, business, signatories, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.report_submit(acting_user=business, report=report)
    report.refresh_from_db()
    version.refresh_from_db()
    stored = version.document.file.read()

    def build_again(*args, **kwargs):
        raise AssertionError("The stored PDF was built again")

    monkeypatch.setattr("scrutiny.report.pdf.build_report_pdf", build_again)
    assert render_report_pdf(report) == stored


def test_until_a_versions_pdf_is_built_the_page_says_so_and_a_lost_build_is_asked_for_again(
    report, business, signatories, executive, client_for, django_capture_on_commit_callbacks
):
    version = services.report_submit(acting_user=business, report=report)  # the build is never run
    client = client_for(executive)
    url = reverse("scrutiny:report-pdf", args=[report.pk])
    assert "The PDF of version 1 is being built" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True) as asked:
        client.get(url)
    assert asked == []  # asked for moments ago: not again
    ReportVersion.objects.filter(pk=version.pk).update(pdf_requested_at=timezone.now() - timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    version.refresh_from_db()
    assert version.document is not None


def test_publishing_from_the_page_builds_the_published_pdf_in_the_background(
    last_year, business, signatories, client_for, client, django_capture_on_commit_callbacks
):
    _ready_to_publish(last_year, business, signatories)
    today = timezone.localdate()
    form = {"published_on_0": today.day, "published_on_1": today.month, "published_on_2": today.year}
    staff = client_for(business)
    with django_capture_on_commit_callbacks(execute=False):
        page = staff.post(reverse("scrutiny:report-publish", args=[last_year.pk]), form, follow=True)
    assert "Report published. Its PDF is being built" in page.content.decode()
    last_year.refresh_from_db()
    assert last_year.is_published and last_year.document is None
    # Until it is built the public page does not exist, and the report's page says it is coming.
    staff_pdf = staff.get(reverse("scrutiny:report-pdf", args=[last_year.pk]))
    assert "The published PDF is being built" in staff_pdf.content.decode()
    client.logout()
    assert client.get(reverse("scrutiny:report-public", args=[last_year.year])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.report_published_pdf_request(report=last_year)  # asked moments ago: not again
    last_year.refresh_from_db()
    assert last_year.document is None
    YearlyReport.objects.filter(pk=last_year.pk).update(pdf_requested_at=timezone.now() - timedelta(minutes=10))
    last_year.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_published_pdf_request(report=last_year)
    last_year.refresh_from_db()
    text = _text(last_year.document.file.read())
    assert f"Published on {today:%-d %B %Y}" in text and "draft" not in text.lower()
    assert client.get(reverse("scrutiny:report-public", args=[last_year.year])).status_code == 200


def test_an_unpublished_report_has_no_public_page(report, client):
    for name in ("scrutiny:report-public", "scrutiny:report-public-pdf"):
        assert client.get(reverse(name, args=[report.year])).status_code == 404
    assert (
        "No yearly report has been published yet" in client.get(reverse("scrutiny:report-public-list")).content.decode()
    )


def test_the_outsider_is_refused_every_report_page(report, business, lead_partners, outsider, client_for):
    police, _ = lead_partners["police"]
    client = client_for(outsider)
    for url in (
        reverse("scrutiny:report-list"),
        reverse("scrutiny:report-create"),
        report.get_absolute_url(),
        reverse("scrutiny:report-section-edit", args=[report.pk, "foreword"]),
        reverse("scrutiny:report-gap", args=[report.pk, "reviews"]),
        reverse("scrutiny:report-submit", args=[report.pk]),
        reverse("scrutiny:report-withdraw", args=[report.pk]),
        reverse("scrutiny:report-pdf", args=[report.pk]),
        reverse("scrutiny:report-publish", args=[report.pk]),
        reverse("scrutiny:report-sent", args=[report.pk]),
        reverse("scrutiny:report-history", args=[report.pk]),
        reverse("scrutiny:report-signatories"),
        reverse("scrutiny:report-signatory", args=[police.pk]),
        reverse("scrutiny:report-delegate", args=[police.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(reverse("scrutiny:report-sign-off", args=[report.pk])).status_code in (403, 404)
