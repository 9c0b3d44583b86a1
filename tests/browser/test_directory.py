"""The foundation as a user meets it: sign in, find the directory, add an organisation."""

import re

import pytest
from playwright.sync_api import expect

from partnership.models import Organisation

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_business_unit_adds_an_organisation_through_the_form(page, live_server, sign_in, business, agency):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your email address")
    assert_accessible(page)

    sign_in(business)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Partnership", exact=True).click()  # the section opens on the directory
    expect(page.get_by_role("heading", name="Stakeholder directory")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=agency.name).click()
    expect(page.get_by_role("heading", name=agency.name)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back to the directory").click()
    page.get_by_role("button", name="Add an organisation").click()
    expect(page.get_by_role("heading", name="Add an organisation")).to_be_visible()
    assert_accessible(page)

    # A bad submission: no name, no kind, a malformed email. The form says what is wrong,
    # keeps what was typed, and saves nothing.
    page.get_by_label("Contact email").fill("not-an-email")
    page.get_by_label("Contact name").fill("Jo Bloggs")
    page.get_by_role("button", name="Add organisation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the organisation’s name")
    expect(summary).to_contain_text("Select the kind of organisation")
    expect(summary).to_contain_text("Enter an email address in the correct format")
    expect(page.get_by_label("Contact name")).to_have_value("Jo Bloggs")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    assert not Organisation.objects.filter(contact_name="Jo Bloggs").exists()

    # The error summary's links take focus to the field.
    summary.get_by_role("link", name="Enter the organisation’s name").click()
    expect(page.get_by_label("Name", exact=True)).to_be_focused()

    page.get_by_label("Name", exact=True).fill("Westbrook Youth Club")
    page.get_by_label("Kind").select_option(label="Voluntary or community organisation")
    page.get_by_label("Contact email").fill("hello@westbrook.example.org")
    page.get_by_role("button", name="Add organisation").click()

    expect(page.get_by_role("heading", name="Westbrook Youth Club")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Westbrook Youth Club added to the directory")
    assert_accessible(page)
    created = Organisation.objects.get(name="Westbrook Youth Club")
    assert created.kind == Organisation.Kind.VOLUNTARY
    assert created.history.first().history_user == business


def test_pages_work_without_javascript(browser, live_server, business):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(business.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    page.goto(f"{live_server.url}/directory/?kind=nhs_trust")
    expect(page.get_by_role("heading", name="Stakeholder directory")).to_be_visible()
    context.close()
