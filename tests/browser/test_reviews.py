"""A serious incident end to end: recorded, notified, rapid review with an agency's return
and an immediate safety action, the decision, a practice review, and a public briefing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import AgencyReturn, Briefing, PracticeReview, RapidReview, SeriousIncident
from reviews.services import learning
from subgroups.models import PartnershipGroup
from subgroups.services import groups as group_services

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def practice_group(business, chair):
    group = group_services.group_save(
        acting_user=business, name="Practice Review sub-group", kind="subgroup", purpose="Rapid and practice reviews"
    )
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    PartnershipGroup.objects.filter(pk=group.pk).update(remit=PartnershipGroup.Remit.PRACTICE_REVIEW)
    learning.theme_save(acting_user=business, name="Professional curiosity")
    return group


def _date(page, prefix: str, day) -> None:
    page.locator(f"#id_{prefix}_0").fill(str(day.day))
    page.locator(f"#id_{prefix}_1").fill(str(day.month))
    page.locator(f"#id_{prefix}_2").fill(str(day.year))


def _error(page, text: str) -> None:
    expect(page.locator(".govuk-error-summary")).to_contain_text(text)


def _sign_out(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()


def test_a_serious_incident_from_notification_to_a_published_briefing(
    page, live_server, sign_in, business, chair, agency, agency_lead, council, practice_group
):
    today = timezone.localdate()
    sign_in(business)
    page.get_by_role("link", name="Reviews").first.click()
    assert_accessible(page)

    # Recording the incident: a future awareness date and a real-looking name are refused.
    page.get_by_role("button", name="Record a serious incident").first.click()
    assert_accessible(page)
    page.get_by_label("Child’s pseudonym").fill("Helen Smith")
    page.get_by_label("1 to 4").check()
    page.get_by_label("Serious harm").check()
    _date(page, "incident_on", today - timedelta(days=3))
    _date(page, "aware_on", today + timedelta(days=2))
    page.get_by_label("Agencies involved with the child or family").select_option(label=agency.name)
    page.get_by_label("Summary of the case").fill("Admitted to hospital with injuries nobody could explain.")
    page.get_by_role("button", name="Record the serious incident").click()
    _error(page, "The date the local authority became aware must be today or in the past")
    _error(page, "“Helen Smith” looks like a real full name")
    expect(page.get_by_label("Summary of the case")).to_have_value(
        "Admitted to hospital with injuries nobody could explain."
    )
    assert_accessible(page)
    page.get_by_label("Child’s pseudonym").fill("Child H")
    _date(page, "aware_on", today - timedelta(days=1))
    page.get_by_role("button", name="Record the serious incident").click()
    expect(page.get_by_role("alert")).to_contain_text("the Panel must be notified within 5 working days")
    incident = SeriousIncident.objects.get()
    expect(page.get_by_role("heading", name=f"Case {incident.reference}: Child H")).to_be_visible()
    assert_accessible(page)

    # The notification opens the rapid review.
    page.get_by_role("button", name="Record the notification to the Panel").click()
    _date(page, "notified_on", today)
    page.get_by_label("Panel’s reference (optional)").fill("CSPRP-0001")
    page.get_by_role("button", name="Record the notification").click()
    expect(page.get_by_role("heading", name="Rapid review")).to_be_visible()
    assert_accessible(page)

    # The panel, and a return requested from the agency involved.
    page.get_by_role("link", name="Choose the panel").click()
    page.get_by_label("Chair of the panel").select_option(label=chair.name)
    assert_accessible(page)
    page.get_by_role("button", name="Save the panel").click()
    page.get_by_role("link", name="Ask agencies for their returns").click()
    expect(page.get_by_label(agency.name)).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Send the requests").click()
    expect(page.get_by_role("alert")).to_contain_text("Returns requested from 1 agency")

    # The agency's lead sends the return from the reviews page.
    _sign_out(page, live_server)
    sign_in(agency_lead)
    page.goto(f"{live_server.url}/reviews/")
    expect(page.get_by_role("heading", name="Returns your agency owes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"{agency.name}: rapid review of case {incident.reference}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send the return").click()
    _error(page, "Enter your agency’s chronology")
    assert_accessible(page)
    page.get_by_label("Chronology").fill("2 May: seen by the health visitor. 9 May: not brought to clinic.")
    page.get_by_label("Analysis").fill("The missed clinic was not followed up.")
    page.get_by_role("button", name="Send the return").click()
    expect(page.get_by_role("alert")).to_contain_text("Return sent")
    assert AgencyReturn.objects.get().status == AgencyReturn.Status.SUBMITTED
    _sign_out(page, live_server)

    # The business unit: an immediate safety action, the decision, and sending it to the Panel.
    sign_in(business)
    page.goto(f"{live_server.url}{incident.rapid_review.get_absolute_url()}")
    expect(page.get_by_role("cell", name="Received")).to_be_visible()
    page.get_by_role("link", name="Add an immediate safety action").click()
    page.get_by_label("Action").fill("Hold a strategy discussion about the siblings")
    page.get_by_label("Owner", exact=True).select_option(label=chair.name)
    _date(page, "due_date", today + timedelta(days=2))
    assert_accessible(page)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("link", name="Hold a strategy discussion about the siblings")).to_be_visible()

    page.get_by_role("button", name="Record the decision").click()
    page.get_by_label("Local child safeguarding practice review").check()
    _date(page, "decided_on", today)
    page.get_by_role("button", name="Record the decision").click()
    _error(page, "Enter the reasons for the decision")
    assert_accessible(page)
    page.get_by_label("Reasons for the decision").fill(
        "Serious harm, and learning about how agencies shared information."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Decision recorded")

    page.get_by_role("button", name="Record that it went to the Panel").click()
    _date(page, "sent_on", today - timedelta(days=10))
    page.get_by_role("button", name="Record it").click()
    _error(page, "cannot be before the incident")
    assert_accessible(page)
    _date(page, "sent_on", today)
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_role("alert")).to_contain_text("Recorded as sent to the Panel")
    assert RapidReview.objects.get().status == RapidReview.Status.SENT
    assert_accessible(page)

    # A practice review starts from the decision.
    page.get_by_role("link", name="Start a practice review of this case").click()
    expect(page.get_by_label("Local child safeguarding practice review")).to_be_checked()
    page.get_by_label("Title").fill("Learning about injuries in babies")
    _date(page, "decided_on", today)
    page.get_by_label("Professional curiosity").check()
    assert_accessible(page)
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", name="Learning about injuries in babies")).to_be_visible()
    assert PracticeReview.objects.get().incident == incident
    assert_accessible(page)

    # The 7-minute briefing, published as a public page.
    page.get_by_role("link", name="Learning").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Write a briefing").click()
    page.get_by_label("Title").fill("Babies who are not brought")
    sections = {
        "Background": "A baby was seriously injured at home.",
        "Why it matters": "Babies cannot tell us what is happening.",
        "What happened": "Appointments were missed and nobody asked why.",
        "What we learned": "Not being brought is a safeguarding question.",
        "What good looks like": "Every missed appointment is followed up.",
        "Questions for practice": "When did you last ask why a baby was not brought?",
        "Resources": "The was-not-brought policy.",
    }
    for label, text in sections.items():
        page.get_by_label(label, exact=True).fill(text)
    assert_accessible(page)
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Publish the briefing").click()
    expect(page.get_by_role("alert")).to_contain_text("Briefing published")
    assert_accessible(page)
    briefing = Briefing.objects.get()
    assert briefing.is_published
    _sign_out(page, live_server)
    page.goto(f"{live_server.url}{briefing.get_public_url()}")
    expect(page.get_by_role("heading", name="Babies who are not brought")).to_be_visible()
    expect(page.get_by_text("Not being brought is a safeguarding question.")).to_be_visible()
    assert "Child H" not in page.content()
    assert_accessible(page)
