"""A serious incident end to end, walked as the people who do each part: the business unit
records it and notifies the Panel, chooses the panel and asks the agency for its return; the
agency's lead sends it; the panel decides and the review goes to the Panel; a practice review
starts from the decision and its recommendation becomes an action plan; the practice review
sub-group's chair approves it seeing the finding and recommendation on the plan itself; the
agency's lead evidences the action; the chair is told, finds it on "My work" and signs it off;
the 7-minute briefing is published."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.models import Notification
from reviews.models import AgencyReturn, Briefing, PracticeReview, RapidReview, Recommendation, SeriousIncident
from reviews.services import learning
from subgroups.models import Action, PartnershipGroup
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
    # The agencies picker: searched by name, each labelled with its kind.
    page.get_by_label("Search organisations by name or kind").fill("hospitals")
    expect(page.get_by_role("status").first).to_contain_text("1 option matches")
    page.get_by_label("Agencies involved with the child or family").select_option(label=f"{agency.name} (NHS trust)")
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
    page.get_by_label("Chair of the panel").select_option(label=f"{chair.name} ({council.name}; Partnership member)")
    assert_accessible(page)
    page.get_by_role("button", name="Save the panel").click()
    # Adding someone to a need-to-know record is confirmed, naming them.
    _error(page, f"Confirm that {chair.name} ({council.name}; Partnership member) need to know")
    assert_accessible(page)
    page.get_by_label("Everyone I am adding needs to know about this case").check()
    page.get_by_role("button", name="Save the panel").click()
    expect(page.get_by_role("alert")).to_contain_text("Panel saved")
    assert Notification.objects.filter(recipient=chair, title__startswith="You are on the panel").exists()
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
    page.get_by_label("Owner", exact=True).select_option(label=f"{chair.name} ({council.name}; Partnership member)")
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

    # A practice review starts from the decision, whose date starts its 6-month clock.
    page.get_by_role("link", name="Start a practice review of this case").click()
    expect(page.get_by_label("Local child safeguarding practice review")).to_be_checked()
    expect(page.locator("#id_decided_on_2")).to_have_value(str(today.year))
    page.get_by_label("Title").fill("Learning about injuries in babies")
    page.get_by_label("Professional curiosity").check()
    assert_accessible(page)
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", name="Learning about injuries in babies")).to_be_visible()
    review = PracticeReview.objects.get()
    assert review.incident == incident and review.decided_on == today
    assert_accessible(page)

    # Its finding and recommendation, and the recommendation's action plan.
    page.get_by_role("link", name="Add a finding").click()
    page.get_by_label("Finding").fill("Nobody followed up the missed clinic appointments.")
    page.get_by_role("button", name="Add the finding").click()
    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill("Agree how missed appointments for babies are followed up.")
    page.get_by_label("Answers finding (optional)").select_option(index=1)
    assert_accessible(page)
    page.get_by_role("button", name="Add the recommendation").click()
    page.get_by_role("button", name="Start the action plan").click()
    plan = Recommendation.objects.get().plan
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("Description").fill("Audit follow-up of missed baby clinics")
    page.get_by_label("Owner", exact=True).select_option(
        label=f"{agency_lead.name} ({agency.name}; Partnership member)"
    )
    page.get_by_label("Owning organisation").select_option(label=f"{agency.name} (NHS trust)")
    _date(page, "due_date", today + timedelta(days=30))
    page.get_by_role("button", name="Add action").click()
    page.get_by_role("button", name="Submit for the chair’s approval").click()
    expect(page.get_by_role("alert")).to_contain_text("Plan submitted to the chair for approval")
    _sign_out(page, live_server)

    # The chair approves knowing what the plan answers, without a link to a review they
    # may not open.
    sign_in(chair)
    page.get_by_role("link", name="1 plan awaiting your approval").click()
    assert_accessible(page)
    page.get_by_role("link", name=plan.title).click()
    expect(page.get_by_role("heading", name="What this plan answers")).to_be_visible()
    expect(page.get_by_text("Nobody followed up the missed clinic appointments.")).to_be_visible()
    expect(page.get_by_text("Agree how missed appointments for babies are followed up.")).to_be_visible()
    assert review.get_absolute_url() not in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Approve the plan").click()
    expect(page.get_by_role("alert")).to_contain_text("Plan approved")
    _sign_out(page, live_server)

    # The agency's lead evidences the action.
    sign_in(agency_lead)
    expect(page.get_by_text("1 action you own")).to_be_visible()
    page.get_by_role("link", name="Audit follow-up of missed baby clinics", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Complete", exact=True).check()
    page.get_by_label("What has happened").fill("Audit done: 9 of 10 missed clinics were followed up.")
    page.get_by_label("Evidence (optional)").set_input_files(
        {"name": "audit.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 audit"}
    )
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_role("alert")).to_contain_text("Update saved")
    assert_accessible(page)
    _sign_out(page, live_server)

    # The chair is told, finds it on My work, and signs it off on impact.
    sign_in(chair)
    assert Notification.objects.filter(
        recipient=chair, title__startswith="Action completed, for your sign-off"
    ).exists()
    expect(page.get_by_text("1 action awaiting your sign-off")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Audit follow-up of missed baby clinics", exact=True).click()
    expect(page.get_by_text("Audit done: 9 of 10 missed clinics were followed up.")).to_be_visible()
    page.get_by_role("button", name="Sign off on impact").click()
    page.get_by_label("Evidence of impact").fill("A re-audit three months on found every missed clinic followed up.")
    assert_accessible(page)
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_role("alert")).to_contain_text("Action signed off on impact")
    assert Action.objects.get(plan=plan).signed_off_by == chair
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Actions awaiting your sign-off")).to_have_count(0)
    _sign_out(page, live_server)
    sign_in(business)

    # The 7-minute briefing, published as a public page.
    page.get_by_role("link", name="Reviews").first.click()
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
