"""A Section 11 cycle as the business unit runs it now, across two cycles: the agency lead
sends the return to a senior officer in the directory (the lead cannot sign it off), takes it
back and invites another senior officer by email instead, who sets up an account from the link
and signs it off (the lead cannot use the link); the business unit
chases the organisation that has not returned in its own words and sees the chase listed;
moderation agrees a lower rating than the self-assessment, and the heatmap shows both; the
next cycle, on a new version of the framework, starts the agency from its accepted answers
("still true?"), with the changed question marked; and the comparison reads by score (amber
75% to amber 50% is worse), marks in text where the self-assessed comparison differs, and
names the organisation that did not return last time.
axe checks each new page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from guardian.shortcuts import assign_perm
from playwright.sync_api import expect

from audits.models import AuditSubmission, Question
from audits.selectors.submissions import submission_problems
from audits.services import cycles as cycle_services
from audits.services import frameworks as framework_services
from audits.services import submissions as services
from core.models import Notification
from core.roles import Role
from partnership.models import Organisation
from tests.audits.builders import make_framework, senior_officer, submit
from tests.audits.conftest import complete, pdf
from tests.factories import OrganisationFactory, UserFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)
OFFICER_EMAIL = "sam.senior@testshirehospitals.example.org"
OFFICER_PASSWORD = "a-long-passphrase-for-sam-2030"


def _sign_out(page, live_server):
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()


def _reword_question_1_2(business, framework):
    draft = framework_services.version_new_draft(acting_user=business, framework=framework)
    question = Question.objects.get(standard__version=draft, reference="1.2")
    framework_services.question_save(
        acting_user=business,
        standard=question.standard,
        question=question,
        reference="1.2",
        text="Is there a named lead, with time set aside for the role?",
        kind=question.kind,
        guidance="",
        is_required=True,
        evidence_required=False,
        allows_not_applicable=True,
    )
    return framework_services.version_publish(acting_user=business, version=draft)


@pytest.fixture
def other_lead(db):
    """The police's lead (the police are invited too, and do not return the first time)."""
    police = OrganisationFactory(name="Testshire Police", kind="police")
    lead = UserFactory(
        email="police.lead@test.example.org", name="Pat Police", organisation=police, roles=[Role.MEMBER]
    )
    assign_perm("partnership.lead_organisation", lead, police)
    return lead


def test_moderation_sign_off_chasing_carry_forward_and_comparison(
    page, live_server, sign_in, business, council, agency_lead, other_lead, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    Organisation.objects.filter(pk=council.pk).update(audit_duty=Organisation.AuditDuty.NONE)
    today = timezone.localdate()
    framework = make_framework(business)
    version = framework.versions.get()
    questions = {q.reference: q for q in Question.objects.filter(standard__version=version)}
    cycle = cycle_services.cycle_launch(
        acting_user=business,
        cycle=cycle_services.cycle_create(
            acting_user=business,
            title="Section 11 audit 2030",
            version=version,
            opens_on=today,
            closes_on=today + timedelta(days=30),
        ),
    )
    agency = AuditSubmission.objects.get(cycle=cycle, organisation=agency_lead.organisation)
    complete(agency, agency_lead, questions, rating=3)
    senior = senior_officer(agency_lead.organisation)

    # The lead names the senior officer; the lead cannot then sign it off.
    sign_in(agency_lead)
    page.goto(f"{live_server.url}{agency.get_absolute_url()}")
    page.get_by_role("button", name="Check your answers and send for sign-off").click()
    assert_accessible(page)
    page.get_by_label("Senior officer who will sign off the return").select_option(value=str(senior.pk))
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Sent to {senior.name} to sign off")
    expect(page.get_by_text("Waiting for sign-off by")).to_be_visible()
    expect(page.get_by_role("button", name="Read and sign off the return")).to_have_count(0)
    response = page.goto(f"{live_server.url}{agency.get_absolute_url()}sign-off/")
    assert response.status == 403

    # That officer is away: the lead takes the return back and invites, by email, a senior
    # officer who is not in the directory. A personal address is refused, keeping what was typed.
    page.goto(f"{live_server.url}{agency.get_absolute_url()}")
    page.get_by_role("button", name="Take it back before sign-off").click()
    expect(page.get_by_role("alert")).to_contain_text("The return is back with you")
    page.get_by_role("button", name="Check your answers and send for sign-off").click()
    page.get_by_role("link", name="Invite the senior officer by email").click()
    assert_accessible(page)
    page.get_by_label("Senior officer’s full name").fill("Sam Senior")
    page.get_by_label("Their work email address").fill("sam.senior@gmail.com")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("“gmail.com” is not one of its email domains")
    expect(page.get_by_label("Senior officer’s full name")).to_have_value("Sam Senior")
    expect(page.get_by_label("Their work email address")).to_have_value("sam.senior@gmail.com")
    assert_accessible(page)
    page.get_by_label("Their work email address").fill(OFFICER_EMAIL)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Invitation sent to Sam Senior at {OFFICER_EMAIL}")
    expect(page.get_by_text("Sam Senior (sam.senior@testshirehospitals.example.org), invited by email")).to_be_visible()
    invitations = page.get_by_role("table", name="Invitations to sign off sent by email")
    expect(invitations).to_contain_text("Waiting for them to accept")
    assert_accessible(page)
    [email] = [m for m in mail.outbox if m.to == [OFFICER_EMAIL]]
    link = re.search(r"https?://\S+(/audits/sign-off-invitations/\S+/)", email.body).group(1)
    # The lead cannot use the link for them.
    response = page.goto(f"{live_server.url}{link}")
    assert response.status == 403
    expect(page.get_by_text("The lead cannot sign off the return")).to_be_visible()
    _sign_out(page, live_server)

    # The officer follows the link, sets up an account, signs in, reads the return and signs it
    # off, which submits it.
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_label("Your full name")).to_have_value("Sam Senior")
    assert_accessible(page)
    page.get_by_label("Your job title").fill("Director of nursing")
    page.get_by_label("Create a password").fill(OFFICER_PASSWORD)
    page.get_by_label("Confirm your password").fill(OFFICER_PASSWORD + "typo")
    page.get_by_role("button", name="Set up my account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The passwords do not match")
    page.get_by_label("Create a password").fill(OFFICER_PASSWORD)
    page.get_by_label("Confirm your password").fill(OFFICER_PASSWORD)
    page.get_by_role("button", name="Set up my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Your account is set up")
    page.get_by_label("Email address").fill(OFFICER_EMAIL)
    page.get_by_label("Password").fill(OFFICER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Read and sign off the return")).to_be_visible()
    expect(page.get_by_text("Safeguarding is in the strategic plan")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign off and submit").click()
    expect(page.get_by_role("alert")).to_contain_text("You have signed off the return")
    agency.refresh_from_db()
    assert agency.status == AuditSubmission.Status.SUBMITTED and agency.sign_off_name == "Sam Senior"
    assert agency.sign_off_role == "Director of nursing"
    _sign_out(page, live_server)

    # The business unit chases everyone not yet returned, in its own words.
    sign_in(business)
    page.goto(f"{live_server.url}{cycle.get_absolute_url()}")
    page.get_by_role("link", name="Chase returns").click()
    police_box = page.get_by_label(other_lead.organisation.name, exact=False)
    expect(police_box).to_be_checked()
    expect(page.get_by_label(agency_lead.organisation.name, exact=False)).not_to_be_checked()
    page.get_by_role("button", name="Send the chase").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the message to send")
    assert_accessible(page)
    page.get_by_label("Message").fill("Your return is due on Friday: please call us if anything is in the way.")
    page.get_by_role("button", name="Send the chase").click()
    expect(page.get_by_role("alert")).to_contain_text("Chase sent to 1 person about 1 organisation")
    expect(page.get_by_role("row", name=other_lead.organisation.name)).to_contain_text("1 chase")
    assert Notification.objects.filter(recipient=other_lead, kind="audit_chase").count() == 1

    # Moderation agrees a lower rating than the self-assessment, with its reason.
    page.goto(f"{live_server.url}{agency.get_absolute_url()}moderate/")
    page.get_by_label("Some confidence").check()
    page.get_by_label("Agreed rating for 1.1", exact=True).select_option(label="Amber")
    page.get_by_role("button", name="Save moderation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Question 1.1: enter the reason for the agreed rating")
    assert_accessible(page)
    page.get_by_label("Reason for the agreed rating for 1.1").fill("The plan is still a draft")
    page.get_by_label("Improvement expected for 1.1 (optional)").fill("The board adopts the plan")
    page.get_by_role("button", name="Save moderation").click()
    expect(page.get_by_role("alert")).to_contain_text("Your moderation is saved")
    page.get_by_role("button", name="Accept the return").click()
    expect(page.get_by_role("alert")).to_contain_text("Return accepted")
    page.goto(f"{live_server.url}{cycle.get_absolute_url()}heatmap/")
    row = page.get_by_role("row", name=agency_lead.organisation.name)
    expect(row).to_contain_text("Amber 75%")
    expect(row).to_contain_text("Self-assessed: Green 100%")
    expect(page.get_by_role("columnheader", name="1. Leadership")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ratings shown").select_option(label="Self-assessed")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row", name=agency_lead.organisation.name)).to_contain_text("Agreed: Amber 75%")
    _sign_out(page, live_server)
    cycle_services.cycle_complete(acting_user=business, cycle=cycle)  # the police never returned

    # The next cycle, on version 2: the agency starts from its accepted answers.
    version_two = _reword_question_1_2(business, framework)
    following = cycle_services.cycle_launch(
        acting_user=business,
        cycle=cycle_services.cycle_create(
            acting_user=business,
            title="Section 11 audit 2031",
            version=version_two,
            opens_on=today,
            closes_on=today + timedelta(days=30),
        ),
    )
    agency_next = AuditSubmission.objects.get(cycle=following, organisation=agency_lead.organisation)
    sign_in(agency_lead)
    page.goto(f"{live_server.url}{agency_next.get_absolute_url()}")
    page.get_by_role("link", name="1. Leadership").click()
    expect(page.get_by_text("Carried forward from your accepted return for Section 11 audit 2030")).to_be_visible()
    expect(page.get_by_text("Changed question")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Amber").check()  # 1.1: updated, not still true
    page.get_by_label("Partly").check()  # 1.2: the reworded question, answered afresh
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("This answer to 2.1 is still true").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name=agency_lead.organisation.name)).to_be_visible()
    _sign_out(page, live_server)
    questions_two = {q.reference: q for q in Question.objects.filter(standard__version=version_two)}
    services.evidence_add(
        acting_user=agency_lead,
        submission=agency_next,
        question=questions_two["1.1"],
        upload=pdf(),
    )
    assert submission_problems(agency_next) == []
    submit(agency_next, agency_lead)
    police_next = AuditSubmission.objects.get(cycle=following, organisation=other_lead.organisation)
    complete(police_next, other_lead, questions_two, rating=3)
    submit(police_next, other_lead)

    # Year on year, by score: amber 75% to amber 50% is worse; the police did not return last time.
    sign_in(business)
    page.goto(f"{live_server.url}{following.get_absolute_url()}comparison/")
    agency_row = page.get_by_role("row", name=agency_lead.organisation.name)
    expect(agency_row).to_contain_text("Worse")
    expect(agency_row).to_contain_text("Amber 75% → Amber 50% (-25 points)")
    # Moderation lowered last year's score, so the self-assessed comparison differs: marked in text.
    expect(agency_row).to_contain_text("Self-assessed: worse, Green 100% → Amber 50% (-50 points)")
    page.get_by_label("Ratings shown").select_option(label="Self-assessed")
    page.get_by_role("button", name="Show").click()
    agency_row = page.get_by_role("row", name=agency_lead.organisation.name)
    expect(agency_row).to_contain_text("Green 100% → Amber 50% (-50 points)")
    expect(agency_row).to_contain_text("Agreed: worse, Amber 75% → Amber 50% (-25 points)")
    police_row = page.get_by_role("row", name=other_lead.organisation.name)
    expect(police_row).to_contain_text("Invited last time but did not return")
    assert_accessible(page)
