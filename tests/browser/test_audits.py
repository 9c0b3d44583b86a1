"""A Section 11 cycle end to end: the business unit opens and launches it; the agency lead
answers, is refused while an answer and evidence are missing, attaches evidence (a bad file
refused) and sends it to a senior officer, who signs it off; the business unit returns it with a comment; the lead fixes it and
resubmits; it is accepted and shows on the heatmap. axe checks each page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from audits.models import AuditSubmission
from tests.audits.builders import make_framework, senior_officer

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def framework(business):
    return make_framework(business)


def _sign_out(page, live_server):
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()


def _send_for_sign_off(page, senior):
    page.get_by_label("Senior officer who will sign off the return").select_option(value=str(senior.pk))
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Sent to {senior.name} to sign off")


def _sign_off_as(page, live_server, sign_in, senior, submission):
    """The senior officer signs in, reads the return and signs it off; the lead signs back in."""
    _sign_out(page, live_server)
    sign_in(senior)
    page.goto(f"{live_server.url}{submission.get_absolute_url()}")
    page.get_by_role("button", name="Read and sign off the return").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign off and submit").click()
    expect(page.get_by_role("alert")).to_contain_text("You have signed off the return")


def test_a_section_11_return_from_launch_to_the_heatmap(
    page, live_server, sign_in, business, agency_lead, framework, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    closes = today.replace(year=today.year + 1)
    senior = senior_officer(agency_lead.organisation)

    # The business unit opens and launches the cycle.
    sign_in(business)
    page.get_by_role("link", name="Audits", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Open a self-assessment cycle").click()
    page.get_by_role("button", name="Open cycle").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the cycle’s title")
    assert_accessible(page)
    page.get_by_label("Title").fill("Section 11 audit 2030")
    page.get_by_label("Framework").select_option(label="Test Section 11, version 1")
    for name, day in (("opens_on", today), ("closes_on", closes)):
        page.locator(f"#id_{name}_0").fill(str(day.day))
        page.locator(f"#id_{name}_1").fill(str(day.month))
        page.locator(f"#id_{name}_2").fill(str(day.year))
    page.get_by_role("button", name="Open cycle").click()
    expect(page.get_by_role("heading", name="Section 11 audit 2030")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Launch the cycle").click()
    expect(page.get_by_role("alert")).to_contain_text("Cycle launched")
    assert_accessible(page)
    _sign_out(page, live_server)

    # The agency lead answers, and is refused while something required is missing.
    sign_in(agency_lead)
    page.get_by_role("link", name="1 audit return your organisation owes").click()
    page.get_by_role("link", name="Section 11 audit 2030").first.click()
    expect(page.get_by_role("heading", name=agency_lead.organisation.name)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="1. Leadership").click()
    page.get_by_label("Green").check()
    page.get_by_label("Explain your answer (optional)").first.fill("In the strategic plan, page 4")
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Standard 2: Training")).to_be_visible()
    page.get_by_label("2.1 Percentage of staff trained").fill("lots")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Question 2.1: enter a number, like 12 or 3.5")
    assert_accessible(page)
    page.get_by_label("2.1 Percentage of staff trained").fill("92")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Check your answers and send for sign-off").click()
    assert_accessible(page)
    expect(page.get_by_role("link", name="Question 1.2: select yes, partly or no")).to_be_visible()
    expect(page.get_by_role("button", name="Send for sign-off")).to_have_count(0)

    # Evidence: a bad file is refused, a good one goes in.
    page.get_by_role("link", name="Question 1.1: add evidence (it is required)").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and add evidence for question 1.1").click()
    expect(page.get_by_role("heading", name="Evidence for question 1.1")).to_be_visible()
    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ\x90\x00\x03")
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload evidence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The selected file must be a")
    assert_accessible(page)
    good = tmp_path / "strategic-plan.pdf"
    good.write_bytes(b"%PDF-1.4\n% the strategic plan\n")
    page.get_by_label("Upload a file").set_input_files(str(good))
    page.get_by_label("Describe the evidence (optional)").fill("Strategic plan 2030")
    page.get_by_role("button", name="Upload evidence").click()
    expect(page.get_by_role("alert")).to_contain_text("strategic-plan.pdf added as evidence")
    expect(page.get_by_role("link", name="Strategic plan 2030")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to standard 1").click()
    page.get_by_role("link", name="Back to the return").click()
    page.get_by_role("button", name="Check your answers and send for sign-off").click()
    _send_for_sign_off(page, senior)
    submission = AuditSubmission.objects.get(
        organisation=agency_lead.organisation, cycle__title="Section 11 audit 2030"
    )
    _sign_off_as(page, live_server, sign_in, senior, submission)
    submission.refresh_from_db()
    assert submission.status == AuditSubmission.Status.SUBMITTED and submission.sign_off_name == "Dr Helen Varley"
    _sign_out(page, live_server)

    # The business unit returns it with a comment.
    sign_in(business)
    page.goto(f"{live_server.url}{submission.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_role("button", name="Return for clarification").click()
    page.get_by_label("Comment on 1.1").fill("Please attach the board minutes that approved the plan.")
    assert_accessible(page)
    page.get_by_role("button", name="Return for clarification").click()
    expect(page.get_by_role("alert")).to_contain_text("sent back to the organisation")
    _sign_out(page, live_server)

    # The lead sees the comment, fixes the answer and resubmits.
    sign_in(agency_lead)
    page.goto(f"{live_server.url}{submission.get_absolute_url()}")
    expect(page.get_by_text("Returned for clarification on")).to_be_visible()
    page.get_by_role("link", name="1. Leadership").click()
    expect(page.get_by_text("Please attach the board minutes that approved the plan.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Explain your answer (optional)").first.fill("Approved by the board in March; minutes attached")
    page.get_by_role("button", name="Save and add evidence for question 1.1").click()
    minutes = tmp_path / "board-minutes.pdf"
    minutes.write_bytes(b"%PDF-1.4\n% board minutes\n")
    page.get_by_label("Upload a file").set_input_files(str(minutes))
    page.get_by_role("button", name="Upload evidence").click()
    expect(page.get_by_role("alert")).to_contain_text("board-minutes.pdf added as evidence")
    page.goto(f"{live_server.url}{submission.get_absolute_url()}submit/")
    _send_for_sign_off(page, senior)
    _sign_off_as(page, live_server, sign_in, senior, submission)
    _sign_out(page, live_server)

    # The business unit accepts it, and the heatmap shows it.
    sign_in(business)
    page.goto(f"{live_server.url}{submission.get_absolute_url()}")
    page.get_by_role("button", name="Accept the return").click()
    expect(page.get_by_role("alert")).to_contain_text("Return accepted")
    assert_accessible(page)
    page.get_by_role("link", name="Back").first.click()
    page.get_by_role("link", name="Heatmap").click()
    heatmap = page.locator("#heatmap")
    row = heatmap.get_by_role("row", name=agency_lead.organisation.name)
    expect(row).to_contain_text("Accepted")
    expect(row).to_contain_text("Green")
    expect(row).to_contain_text("100%")
    assert_accessible(page)
    submission.refresh_from_db()
    assert submission.status == AuditSubmission.Status.ACCEPTED


def test_the_other_audit_pages_pass_axe(
    page, live_server, sign_in, business, agency_lead, chair, framework, tmp_path, settings
):
    """Frameworks, the reports, moderation, the outcome, a challenge event and a case audit,
    each with data in it."""
    from datetime import timedelta

    from audits.models import Question
    from audits.services import cases as case_services
    from audits.services import cycles as cycle_services
    from audits.services import frameworks as framework_services
    from audits.services import submissions as services
    from tests.audits.builders import make_case_tool
    from tests.audits.conftest import complete, submit

    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    version = framework.versions.get()
    questions = {q.reference: q for q in Question.objects.filter(standard__version=version)}
    last_year = cycle_services.cycle_launch(
        acting_user=business,
        cycle=cycle_services.cycle_create(
            acting_user=business,
            title="Last year",
            version=version,
            opens_on=today - timedelta(days=400),
            closes_on=today - timedelta(days=300),
            recorded_after=True,
        ),
    )
    old = AuditSubmission.objects.get(cycle=last_year, organisation=agency_lead.organisation)
    complete(old, agency_lead, questions, rating=1)
    submit(old, agency_lead)
    cycle = cycle_services.cycle_launch(
        acting_user=business,
        cycle=cycle_services.cycle_create(
            acting_user=business,
            title="This year",
            version=version,
            opens_on=today,
            closes_on=today + timedelta(days=30),
        ),
    )
    cycle_services.moderators_set(acting_user=business, cycle=cycle, moderators=[chair])
    submission = AuditSubmission.objects.get(cycle=cycle, organisation=agency_lead.organisation)
    complete(submission, agency_lead, questions, rating=2)
    submit(submission, agency_lead)
    services.moderation_save(
        acting_user=chair,
        submission=submission,
        confidence="some",
        summary="Fair",
        comments={questions["1.1"].pk: "Check the plan"},
    )
    event = cycle_services.event_save(
        acting_user=business, cycle=cycle, date=today, presenting=[submission], panel=[chair]
    )
    draft = framework_services.version_new_draft(acting_user=business, framework=framework)
    tool = make_case_tool(business).versions.get()
    case_audit = case_services.case_audit_create(
        acting_user=business,
        title="Neglect audit",
        theme="Neglect",
        tool=tool,
        scope="Four cases",
        returns_due=today + timedelta(days=14),
        participants=[agency_lead.organisation],
    )
    case = case_services.case_save(acting_user=business, case_audit=case_audit, pseudonym="Child A", context="")

    sign_in(business)
    for path in (
        "/audits/frameworks/",
        framework.get_absolute_url(),
        draft.get_absolute_url(),
        f"/audits/versions/{draft.pk}/import/",
        f"/audits/versions/{draft.pk}/standards/{draft.standards.first().pk}/questions/new/",
        "/audits/frameworks/new/",
        "/audits/cycles/",
        cycle.get_absolute_url(),
        f"/audits/cycles/{cycle.pk}/standards/",
        f"/audits/cycles/{cycle.pk}/comparison/",
        f"/audits/cycles/{cycle.pk}/invitations/",
        f"/audits/cycles/{cycle.pk}/moderators/",
        event.get_absolute_url(),
        f"/audits/events/{event.pk}/edit/",
        f"/audits/returns/{submission.pk}/moderate/",
        f"/audits/returns/{submission.pk}/outcome/",
        f"/audits/returns/{submission.pk}/questions/{questions['1.1'].pk}/history/",
        f"/audits/organisations/{agency_lead.organisation.pk}/",
        "/audits/case-audits/",
        "/audits/case-audits/new/",
        case_audit.get_absolute_url(),
        case.get_absolute_url(),
        f"/audits/cases/{case.pk}/grade/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    _sign_out(page, live_server)
    sign_in(agency_lead)
    page.goto(f"{live_server.url}/audits/cases/{case.pk}/agencies/{agency_lead.organisation.pk}/")
    page.get_by_role("button", name="Save and submit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Question 1.1: select a rating")
    assert_accessible(page)
