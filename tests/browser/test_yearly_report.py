"""The yearly report end to end in a browser: the business unit names who signs for each
partner, writes and explains, and submits the report for sign-off; each partner's signatory
signs the frozen version; the business unit publishes it; anyone opens the public page and
downloads exactly the stored PDF, which never says "draft". axe finds nothing on any page."""

import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from scrutiny.models import YearlyReport
from scrutiny.periods import year_of
from scrutiny.report import compile_report
from scrutiny.services import report as report_services
from tests.factories import OrganisationFactory, UserFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def partners(council):
    """The three safeguarding partners, each with the person who will sign for it."""
    icb = OrganisationFactory(name="Testshire ICB", kind="integrated_care_board", is_safeguarding_partner=True)
    police = OrganisationFactory(name="Testshire Police", kind="police", is_safeguarding_partner=True)
    return [
        (council, UserFactory(email="ceo@test.example.org", name="Cara Chief", organisation=council)),
        (icb, UserFactory(email="icb@test.example.org", name="Ian Icb", organisation=icb)),
        (police, UserFactory(email="cc@test.example.org", name="Connie Constable", organisation=police)),
    ]


@pytest.fixture
def prepared(business):
    """Last year's report with its narrative written and every gap but one explained."""
    report = report_services.report_create(acting_user=business, year=year_of(timezone.localdate()) - 1)
    for key, _, _ in YearlyReport.TEXT_SECTIONS:
        if key != "voice":
            report_services.report_section_edit(acting_user=business, report=report, key=key, text=f"Our {key}.")
    report.refresh_from_db()
    for item in compile_report(report, render=False).gaps:
        if item.key != "voice":
            report_services.report_gap_explain(
                acting_user=business, report=report, requirement=item.key, text="Not this year."
            )
    return report


def test_prepare_sign_publish_and_read_the_yearly_report(page, live_server, sign_in, business, partners, prepared):
    report_url = f"{live_server.url}{prepared.get_absolute_url()}"

    # The business unit names who signs for each partner.
    sign_in(business)
    page.goto(f"{live_server.url}/assurance/reports/signatories/")
    expect(page.get_by_role("heading", name="Who signs the yearly report")).to_be_visible()
    assert_accessible(page)
    for partner, person in partners:
        page.get_by_role("link", name=f"Name who signs for {partner}").click()
        assert_accessible(page)
        label = f"{person.name}, {person.job_title}" if person.job_title else person.name
        page.get_by_label("Who signs the report for this partner?").select_option(label=label)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            f"{person.name} signs the yearly report for {partner}"
        )
    assert_accessible(page)

    # It writes the last section, sees the one gap left, explains it, and submits.
    page.goto(report_url)
    expect(page.locator("#checklist")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Explain why the report does not cover “Feedback from children and families”").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save explanation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the report does not cover this")
    assert_accessible(page)
    page.get_by_label("Why the report does not cover this").fill("Our listening work starts next year.")
    page.get_by_role("button", name="Save explanation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Explanation saved")
    page.get_by_role("link", name="Submit for sign-off").click()
    expect(page.get_by_role("heading", name="Submit the report for sign-off")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Report submitted for sign-off")
    expect(page.get_by_role("button", name="Sign off version 1")).to_have_count(0)  # the business unit cannot sign
    assert_accessible(page)

    # Each partner's signatory signs version 1.
    for partner, person in partners:
        page.context.clear_cookies()
        sign_in(person)
        expect(page.get_by_role("heading", name="Yearly report awaiting your sign-off")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name=str(prepared)).first.click()
        assert_accessible(page)
        page.get_by_role("button", name=f"Sign off version 1 for {partner}").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            f"You signed off version 1 of the report for {partner}"
        )
        assert_accessible(page)

    # The business unit publishes it.
    page.context.clear_cookies()
    sign_in(business)
    page.goto(report_url)
    page.get_by_role("link", name="Publish the report").click()
    expect(page.get_by_role("heading", name="Publish the report")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the report").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Report published")
    assert_accessible(page)
    prepared.refresh_from_db()
    assert prepared.is_published and prepared.document is not None

    # Anyone opens the public page and downloads exactly the stored file.
    page.get_by_role("link", name="public page").click()
    page.context.clear_cookies()
    page.reload()
    expect(page.get_by_role("heading", name=str(prepared), level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text(prepared.document.sha256)
    assert_accessible(page)
    link = page.get_by_role("link", name="Download the report (PDF")
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.ok and response.body() == prepared.document.file.read()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).split())
    at = text.lower().find("draft")
    assert at == -1, text[max(0, at - 300) : at + 100]
    assert "Our listening work starts next year." in text
    page.goto(f"{live_server.url}/yearly-reports/")
    expect(page.get_by_role("link", name=str(prepared))).to_be_visible()
    assert_accessible(page)
