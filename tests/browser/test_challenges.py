"""A challenge end to end: raised in a meeting by the group's chair, answered by the agency's
lead, closed by the chair with how assured they are. axe checks every page on the way."""

from datetime import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.models import Deadline
from scrutiny.models import Challenge
from subgroups.models import PartnershipGroup
from subgroups.services import groups as group_services
from subgroups.services import meetings as meeting_services

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def effectiveness_meeting(business, chair):
    group = group_services.group_save(
        acting_user=business,
        name="Safeguarding Effectiveness sub-group",
        kind="subgroup",
        remit=PartnershipGroup.Remit.EFFECTIVENESS,
        purpose="Performance, audit and scrutiny",
    )
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    return meeting_services.meeting_create(
        acting_user=business, group=group, date=timezone.localdate(), start_time=time(10), location="Civic Centre"
    )


def _sign_out(page, live_server):
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()


def test_a_challenge_raised_in_a_meeting_is_answered_and_closed(
    page, live_server, sign_in, chair, agency, agency_lead, effectiveness_meeting
):
    meeting = effectiveness_meeting
    # The chair raises it in the meeting.
    sign_in(chair)
    page.get_by_role("link", name="Assurance").click()
    expect(page.get_by_role("heading", name="Challenge log")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"{meeting.group}, {meeting.date:%-d %b %Y}").click()
    expect(page.get_by_role("heading", name="Challenges raised in the meeting")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Raise a challenge in this meeting").click()
    expect(page.get_by_text(f"Raised in the meeting: {meeting}")).to_be_visible()
    page.get_by_role("button", name="Log the challenge").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the challenge")
    expect(summary).to_contain_text("Select the organisation or the group the challenge is for")
    assert_accessible(page)
    page.get_by_label("The challenge").fill("How do you know staff are using the neglect toolkit?")
    page.get_by_label("Asked of an organisation").select_option(label=agency.name)
    page.get_by_role("button", name="Log the challenge").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{agency.name} is asked to respond by")
    expect(page.get_by_text("Awaiting a response")).to_be_visible()
    assert_accessible(page)
    challenge = Challenge.objects.get()
    assert challenge.meeting == meeting and challenge.raised_by == chair
    page.get_by_role("link", name="Challenge log").click()
    expect(page.get_by_role("cell", name=agency.name)).to_be_visible()
    _sign_out(page, live_server)

    # The agency's lead answers it from their home page.
    sign_in(agency_lead)
    page.get_by_role("link", name="1 challenge for you to answer").click()
    assert_accessible(page)
    page.get_by_role("link", name=challenge.reference).first.click()
    page.get_by_role("button", name="Respond to the challenge").click()
    page.get_by_role("button", name="Send the response").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the response")
    assert_accessible(page)
    page.get_by_label("Your response").fill(
        "Our audit of 20 cases in March found the toolkit used in 17. Team managers check it in supervision."
    )
    page.get_by_role("button", name="Send the response").click()
    expect(page.get_by_role("alert")).to_contain_text("Response sent")
    assert_accessible(page)
    assert Deadline.objects.for_subject(challenge).get().status == Deadline.Status.MET
    _sign_out(page, live_server)

    # The chair closes it, not fully assured.
    sign_in(chair)
    page.get_by_role("link", name="1 answer to your challenges: record how assured you are").click()
    page.get_by_role("link", name=challenge.reference).first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Close the challenge").click()
    page.get_by_label("Partly assured").check()
    page.get_by_role("button", name="Close the challenge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the partnership is not fully assured")
    assert_accessible(page)
    page.get_by_label("Comment").fill("Good evidence for March; we will ask again after the re-audit in the autumn.")
    page.get_by_role("button", name="Close the challenge").click()
    expect(page.get_by_role("alert")).to_contain_text("closed: partly assured")
    expect(page.get_by_text("Closed: partly assured", exact=True)).to_be_visible()
    assert_accessible(page)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CLOSED and challenge.assurance_level == "partly_assured"


def test_every_assurance_page_passes_axe(
    page, live_server, sign_in, business, agency, agency_lead, effectiveness_meeting
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from core import calendar
    from scrutiny.services import assurance, challenges, scrutiny, spotlights

    today = calendar.today()
    group = effectiveness_meeting.group
    challenge = challenges.challenge_raise(
        acting_user=business, question="Why?", directed_to_organisation=agency, meeting=effectiveness_meeting
    )
    escalation = challenges.challenge_escalate(
        acting_user=business, challenge=challenge, stage="manager", who="Managers", summary="No reply"
    )
    year = today.year if today.month >= 4 else today.year - 1  # the reporting year, April to March
    plan = scrutiny.scrutiny_plan_create(acting_user=business, year=year, focus="The front door")
    activity = scrutiny.activity_add(
        acting_user=business, plan=plan, kind="deep_dive", title="Deep dive", planned_date=today
    )
    scrutiny.activity_complete(acting_user=business, activity=activity, done_on=today)
    scrutiny.finding_add(acting_user=business, activity=activity, kind="strength", text="Good")
    recommendation = scrutiny.recommendation_add(acting_user=business, activity=activity, text="Do more")
    summary = scrutiny.impact_summary_add(
        acting_user=business, period_start=today, period_end=today, text="It made a difference."
    )
    request = assurance.request_create(acting_user=business, organisation=agency, topic="Training", detail="How?")
    assurance.request_receive(acting_user=agency_lead, request=request, upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4"))
    inspection = assurance.inspection_record(
        acting_user=business,
        kind="cqc",
        title="CQC report",
        report_date=today,
        organisations=[agency],
        summary="Good",
        monitoring_group=group,
    )
    spotlight = spotlights.spotlight_create(acting_user=business, theme="Neglect", authors=[agency_lead])
    spotlights.question_add(acting_user=business, spotlight=spotlight, text="What does your data show?")
    urls = [
        reverse("scrutiny:challenge-minuted"),
        reverse("scrutiny:challenge-raise"),
        challenge.get_absolute_url(),
        reverse("scrutiny:escalation-list"),
        escalation.get_absolute_url(),
        reverse("scrutiny:escalation-advance", args=[escalation.pk]),
        reverse("scrutiny:escalation-create"),
        reverse("scrutiny:scrutiny-plan-list"),
        plan.get_absolute_url(),
        activity.get_absolute_url(),
        reverse("scrutiny:activity-add", args=[plan.pk]),
        recommendation.get_absolute_url(),
        reverse("scrutiny:recommendation-respond", args=[recommendation.pk]),
        summary.get_absolute_url(),
        reverse("scrutiny:request-list"),
        request.get_absolute_url(),
        reverse("scrutiny:request-assess", args=[request.pk]),
        reverse("scrutiny:inspection-list"),
        inspection.get_absolute_url(),
        reverse("scrutiny:inspection-create"),
        reverse("scrutiny:spotlight-list"),
        spotlight.get_absolute_url(),
        reverse("scrutiny:spotlight-create"),
        reverse("scrutiny:spotlight-assure", args=[spotlight.pk]),
    ]
    sign_in(business)
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto(f"{live_server.url}{reverse('scrutiny:escalation-create')}")
    page.get_by_role("button", name="Record the escalation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the subject of the disagreement")
    assert_accessible(page)
