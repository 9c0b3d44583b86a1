"""The challenge log: raised (in a meeting, from its minutes, or elsewhere) with a response due
on the clock, answered by whoever it was put to, then closed with how assured the partnership
is, or escalated."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core import calendar
from core.models import Deadline, Notification
from core.roles import Role
from core.services import DomainError
from core.services.deadlines import rule_for
from scrutiny import permissions
from scrutiny.models import Challenge, Escalation
from scrutiny.services import challenges as services
from subgroups.models import MinuteEntry
from subgroups.services import groups as group_services
from subgroups.services import meetings as meeting_services
from tests.factories import UserFactory
from tests.helpers import form_errors, post_edit

MEETING_DAY = datetime(2030, 3, 6, 12, tzinfo=ZoneInfo("Europe/London"))

pytestmark = pytest.mark.django_db


def _deadline(challenge):
    return Deadline.objects.for_subject(challenge).get()


# Raising ------------------------------------------------------------------------------------------


def test_raising_puts_the_response_on_the_clock_and_tells_the_organisations_lead(challenge, agency, agency_lead):
    today = calendar.today()
    expected = rule_for("challenge_response").due_date(today, calendar.closure_days())
    assert challenge.response_due == expected == calendar.add_working_days(today, 20)
    deadline = _deadline(challenge)
    assert deadline.rule.key == "challenge_response" and deadline.due_date == expected
    assert deadline.responsible_organisation == agency
    assert list(deadline.responsible_users.all()) == [agency_lead]
    assert list(deadline.escalation_users.all()) == [challenge.raised_by]
    notice = Notification.objects.get(recipient=agency_lead, kind="challenge")
    assert "please respond by" in notice.title and notice.url == challenge.get_absolute_url()


def test_a_due_date_given_overrides_the_rule(business, agency, meeting):
    due = calendar.today() + timedelta(days=7)
    challenge = services.challenge_raise(
        acting_user=business, question="Why?", directed_to_organisation=agency, response_due=due, meeting=meeting
    )
    assert challenge.response_due == due == _deadline(challenge).due_date


def test_a_challenge_is_put_to_one_organisation_or_one_group(business, agency, effectiveness):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.challenge_raise(acting_user=business, question="Why?")
    with pytest.raises(ValidationError):
        services.challenge_raise(
            acting_user=business, question="Why?", directed_to_organisation=agency, directed_to_group=effectiveness
        )


def test_who_may_raise_challenges(
    business, executive, scrutineer, chair, member, agency_lead, outsider, agency, effectiveness
):
    for person in (business, executive, scrutineer, chair):
        assert permissions.can_raise_challenge(person), person
    for person in (member, agency_lead, outsider):
        assert not permissions.can_raise_challenge(person), person
        with pytest.raises(PermissionDenied):
            services.challenge_raise(acting_user=person, question="Why?", directed_to_organisation=agency)


def test_a_chair_raises_in_their_own_groups_meeting_but_not_in_another(business, chair, agency, meeting):
    raised = services.challenge_raise(
        acting_user=chair, question="Is it working?", directed_to_organisation=agency, meeting=meeting
    )
    assert raised.raised_by == chair and raised.meeting == meeting
    other = group_services.group_save(acting_user=business, name="Education sub-group", kind="subgroup", purpose="x")
    elsewhere = meeting_services.meeting_create(
        acting_user=business, group=other, date=date(2030, 4, 1), start_time=meeting.start_time, location="Room"
    )
    with pytest.raises(PermissionDenied):
        services.challenge_raise(
            acting_user=chair, question="Is it working?", directed_to_organisation=agency, meeting=elsewhere
        )


def test_only_the_business_unit_records_a_challenge_someone_else_raised(business, scrutineer, member, agency):
    recorded = services.challenge_raise(
        acting_user=business, question="Why?", directed_to_organisation=agency, raised_by=scrutineer
    )
    assert recorded.raised_by == scrutineer
    assert _deadline(recorded).escalation_users.get() == scrutineer
    with pytest.raises(DomainError):
        services.challenge_raise(
            acting_user=scrutineer, question="Why?", directed_to_organisation=agency, raised_by=member
        )


@time_machine.travel(MEETING_DAY)  # minutes are written once the meeting has happened
def test_a_challenge_from_the_minutes_links_its_meeting_and_is_logged_once(business, chair, agency, meeting):
    item = meeting_services.agenda_item_add(acting_user=business, meeting=meeting, title="Scorecard", kind="assurance")
    entry = meeting_services.entry_add(
        acting_user=business,
        meeting=meeting,
        item=item,
        kind=MinuteEntry.Kind.CHALLENGE,
        text="Why are return interviews late?",
        raised_by=chair,
        directed_to=agency.name,
    )
    logged = services.challenge_raise(
        acting_user=business, question=entry.text, directed_to_organisation=agency, minute_entry=entry
    )
    assert logged.meeting == meeting and logged.minute_entry == entry
    with pytest.raises(DomainError, match="already in the log"):
        services.challenge_raise(
            acting_user=business, question=entry.text, directed_to_organisation=agency, minute_entry=entry
        )
    decision = meeting_services.entry_add(
        acting_user=business, meeting=meeting, item=item, kind=MinuteEntry.Kind.DECISION, text="Agreed"
    )
    with pytest.raises(DomainError, match="Only a challenge"):
        services.challenge_raise(
            acting_user=business, question="x", directed_to_organisation=agency, minute_entry=decision
        )


# Answering, closing, escalating --------------------------------------------------------------------


def test_the_lead_answers_the_deadline_is_met_and_the_raiser_told(challenge, agency_lead, business):
    services.challenge_answer(acting_user=agency_lead, challenge=challenge, response="Our audit of 20 cases shows it.")
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.ANSWERED and challenge.responded_by == agency_lead
    deadline = _deadline(challenge)
    assert deadline.status == Deadline.Status.MET and deadline.met_by == agency_lead
    assert Notification.objects.filter(recipient=business, kind="challenge", title__contains="answered").exists()
    with pytest.raises(PermissionDenied):
        services.challenge_answer(acting_user=agency_lead, challenge=challenge, response="Again")


def test_only_whoever_it_was_put_to_answers(challenge, member, chair, scrutineer):
    # The cast's member works for the agency but does not lead it.
    for person in (member, chair, scrutineer):
        with pytest.raises(PermissionDenied):
            services.challenge_answer(acting_user=person, challenge=challenge, response="x")


def test_a_challenge_to_a_group_is_answered_by_its_chair(business, chair, member, effectiveness):
    challenge = services.challenge_raise(acting_user=business, question="Why?", directed_to_group=effectiveness)
    assert list(_deadline(challenge).responsible_users.all()) == [chair]
    with pytest.raises(PermissionDenied):
        services.challenge_answer(acting_user=member, challenge=challenge, response="x")
    services.challenge_answer(acting_user=chair, challenge=challenge, response="Because")
    assert challenge.status == Challenge.Status.ANSWERED


def test_closing_records_how_assured_and_needs_a_reason_unless_assured(challenge, agency_lead, business):
    with pytest.raises(PermissionDenied):
        services.challenge_close(acting_user=business, challenge=challenge, assurance_level="assured")
    services.challenge_answer(acting_user=agency_lead, challenge=challenge, response="Audit results attached.")
    with pytest.raises(PermissionDenied):
        services.challenge_close(acting_user=agency_lead, challenge=challenge, assurance_level="assured")
    with pytest.raises(DomainError, match="not fully assured"):
        services.challenge_close(acting_user=business, challenge=challenge, assurance_level="partly_assured")
    services.challenge_close(
        acting_user=business, challenge=challenge, assurance_level="partly_assured", comment="No re-audit date"
    )
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CLOSED and challenge.assurance_level == "partly_assured"
    assert challenge.history.first().history_change_reason == "Closed: partly assured"


def test_changing_the_due_date_moves_the_deadline(challenge, business):
    later = challenge.response_due + timedelta(days=10)
    services.challenge_update(
        acting_user=business, challenge=challenge, question=challenge.question, response_due=later
    )
    deadline = _deadline(challenge)
    assert deadline.due_date == later and deadline.original_due_date != later
    assert deadline.history.first().history_change_reason.startswith("Moved:")


def test_escalating_an_unanswered_challenge_cancels_its_deadline(challenge, business, agency):
    escalation = services.challenge_escalate(
        acting_user=business, challenge=challenge, stage="partnership", who="Heads of service", summary="No reply"
    )
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.ESCALATED
    assert escalation.challenge == challenge and escalation.other_organisation == agency
    assert escalation.stage == Escalation.Stage.PARTNERSHIP
    assert _deadline(challenge).status == Deadline.Status.CANCELLED
    stage_deadline = Deadline.objects.for_subject(escalation.stages.get()).get()
    assert stage_deadline.rule.key == "escalation_stage" and stage_deadline.is_live
    with pytest.raises(PermissionDenied):
        services.challenge_escalate(acting_user=business, challenge=challenge, stage="executive", who="x", summary="y")


def test_escalating_an_answered_challenge_keeps_the_met_deadline(challenge, business, agency_lead):
    services.challenge_answer(acting_user=agency_lead, challenge=challenge, response="We think so.")
    with pytest.raises(PermissionDenied):
        services.challenge_escalate(acting_user=agency_lead, challenge=challenge, stage="manager", who="x", summary="y")
    escalation = services.challenge_escalate(
        acting_user=business, challenge=challenge, stage="senior_manager", who="Directors", summary="Not assured"
    )
    assert "Response: We think so." in escalation.concern
    assert _deadline(challenge).status == Deadline.Status.MET


def test_overdue_challenges_say_so(challenge):
    later = challenge.response_due + timedelta(days=1)
    assert challenge.display_status(later) == ("Response overdue", "red")
    assert challenge.display_status(challenge.response_due) == ("Awaiting a response", "grey")


# Who sees what ---------------------------------------------------------------------------------------


def test_challenges_are_seen_by_those_involved(
    challenge, business, executive, scrutineer, chair, member, agency_lead, outsider
):
    stranger = UserFactory(roles=[Role.MEMBER])
    for person in (business, executive, scrutineer, chair, member, agency_lead):
        assert permissions.challenges_visible_to(person).filter(pk=challenge.pk).exists(), person
    for person in (stranger, outsider):
        assert not permissions.challenges_visible_to(person).filter(pk=challenge.pk).exists(), person


# Pages ---------------------------------------------------------------------------------------------------


def test_outsiders_and_strangers_are_refused(challenge, outsider, client_for):
    client = client_for(outsider)
    assert client.get(reverse("scrutiny:challenge-list")).status_code == 403
    assert client.get(challenge.get_absolute_url()).status_code == 404
    assert client.get(reverse("scrutiny:challenge-raise")).status_code == 403
    stranger = UserFactory(roles=[Role.MEMBER])
    assert client_for(stranger).get(challenge.get_absolute_url()).status_code == 404


def test_the_log_lists_what_the_person_may_see(challenge, business, agency, client_for):
    other = services.challenge_raise(acting_user=business, question="Other", directed_to_organisation=agency)
    stranger = UserFactory(roles=[Role.MEMBER])
    assert {c.pk for c in client_for(business).get(reverse("scrutiny:challenge-list")).context["page"]} == {
        challenge.pk,
        other.pk,
    }
    assert not list(client_for(stranger).get(reverse("scrutiny:challenge-list")).context["page"])


def test_raising_from_a_meeting_page(meeting, chair, agency, agency_lead, client_for):
    client = client_for(chair)
    page = client.get(reverse("scrutiny:challenge-meeting", args=[meeting.pk]))
    assert page.status_code == 200 and page.context["can_raise"]
    url = reverse("scrutiny:challenge-raise") + f"?meeting={meeting.pk}"
    refused = client.post(url, {"question": "", "directed_to_organisation": ""})
    assert refused.status_code == 200
    assert form_errors(refused) == {
        "question": ["Enter the challenge"],
        "directed_to_organisation": ["Select the organisation or the group the challenge is for"],
    }
    response = client.post(url, {"question": "How do you know?", "directed_to_organisation": agency.pk})
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == challenge.get_absolute_url()
    assert challenge.meeting == meeting and challenge.raised_by == chair


def test_the_raise_form_refuses_junk_with_govuk_messages(business, effectiveness, agency, client_for):
    client = client_for(business)
    url = reverse("scrutiny:challenge-raise")
    both = client.post(
        url,
        {
            "question": "Why?",
            "directed_to_organisation": agency.pk,
            "directed_to_group": effectiveness.pk,
            "raised_by": business.pk,
            "response_due_0": "31",
            "response_due_1": "2",
            "response_due_2": "2030",
            "meeting": "999999",
        },
    )
    errors = form_errors(both)
    assert errors["directed_to_group"] == ["Select an organisation or a group, not both"]
    assert errors["response_due"] == ["The date the response is due must be a real date"]
    assert errors["meeting"] == ["Select a meeting from the list"]
    junk = client.post(
        url + "?meeting=abc&entry=1x", {"question": "\x00", "raised_by": "x", "directed_to_group": "1' OR 1=1"}
    )
    assert junk.status_code == 200 and form_errors(junk)
    assert not Challenge.objects.exists()


@time_machine.travel(MEETING_DAY)  # minutes are written once the meeting has happened
def test_logging_a_minuted_challenge_from_the_list(business, chair, agency, meeting, client_for):
    item = meeting_services.agenda_item_add(acting_user=business, meeting=meeting, title="Scorecard", kind="assurance")
    entry = meeting_services.entry_add(
        acting_user=business,
        meeting=meeting,
        item=item,
        kind="challenge",
        text="Why are return interviews late?",
        raised_by=chair,
        directed_to=agency.name,
    )
    client = client_for(business)
    listed = client.get(reverse("scrutiny:challenge-minuted"))
    assert [e.pk for e in listed.context["page"]] == [entry.pk]
    url = reverse("scrutiny:challenge-raise") + f"?entry={entry.pk}"
    form = client.get(url).context["form"]
    assert form.initial["question"] == entry.text
    assert form.initial["directed_to_organisation"] == agency.pk and form.initial["raised_by"] == chair.pk
    response = client.post(url, {"question": entry.text, "directed_to_organisation": agency.pk, "raised_by": chair.pk})
    assert response.status_code == 302
    logged = Challenge.objects.get()
    assert logged.minute_entry == entry and logged.meeting == meeting and logged.raised_by == chair
    assert not list(client.get(reverse("scrutiny:challenge-minuted")).context["page"])


def test_answer_and_close_through_the_pages(challenge, agency_lead, business, client_for):
    lead = client_for(agency_lead)
    assert lead.post(reverse("scrutiny:challenge-answer", args=[challenge.pk]), {"response": ""}).status_code == 200
    answered = lead.post(reverse("scrutiny:challenge-answer", args=[challenge.pk]), {"response": "Audited"})
    assert answered.status_code == 302
    close = reverse("scrutiny:challenge-close", args=[challenge.pk])
    assert lead.get(close).status_code == 403
    office = client_for(business)
    needs_reason = office.post(close, {"assurance_level": "not_assured", "comment": ""})
    assert form_errors(needs_reason) == {"comment": ["Enter why the partnership is not fully assured"]}
    assert office.post(close, {"assurance_level": "assured"}).status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CLOSED


def test_editing_is_refused_when_someone_else_saved_first(challenge, business, client_for):
    url = reverse("scrutiny:challenge-edit", args=[challenge.pk])
    client = client_for(business)
    opened = client.get(url).context["form"].initial["_snapshot"]
    services.challenge_update(
        acting_user=business, challenge=challenge, question="Changed meanwhile", response_due=challenge.response_due
    )
    stale = client.post(
        url,
        {
            "question": "Mine",
            "response_due_0": challenge.response_due.day,
            "response_due_1": challenge.response_due.month,
            "response_due_2": challenge.response_due.year,
            "_snapshot": opened,
        },
    )
    assert stale.status_code == 200 and "Someone else saved changes" in stale.content.decode()
    saved = post_edit(
        client,
        url,
        {
            "question": "Mine",
            "response_due_0": challenge.response_due.day,
            "response_due_1": challenge.response_due.month,
            "response_due_2": challenge.response_due.year,
        },
    )
    assert saved.status_code == 302


def _escalated_by_chair(chair, agency, agency_lead, meeting):
    challenge = services.challenge_raise(
        acting_user=chair, question="Is the neglect strategy used?", directed_to_organisation=agency, meeting=meeting
    )
    services.challenge_answer(acting_user=agency_lead, challenge=challenge, response="We believe so.")
    escalation = services.challenge_escalate(
        acting_user=chair, challenge=challenge, stage="senior_manager", who="Directors", summary="No evidence"
    )
    return challenge, escalation


def test_the_chair_who_raised_it_closes_an_escalated_challenge_once_the_escalation_is_resolved(
    chair, agency, agency_lead, meeting, business, client_for
):
    from scrutiny.services import escalations

    challenge, escalation = _escalated_by_chair(chair, agency, agency_lead, meeting)
    client = client_for(chair)
    url = reverse("scrutiny:challenge-close", args=[challenge.pk])
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert f"once escalation {escalation.reference} has been resolved or withdrawn" in page and url not in page
    assert client.get(url).status_code == 403
    escalations.escalation_resolve(
        acting_user=business, escalation=escalation, outcome="Audit agreed for May", resolved_on=calendar.today()
    )
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert url in page and "has been resolved or withdrawn" not in page
    form = client.get(url).content.decode()
    assert "Outcome of the escalation: Audit agreed for May" in form and "Response: We believe so." in form
    refused = client.post(url, {"assurance_level": "partly_assured"})
    assert form_errors(refused) == {"comment": ["Enter why the partnership is not fully assured"]}
    response = client.post(url, {"assurance_level": "partly_assured", "comment": "Audit still to report"})
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CLOSED and challenge.closed_by == chair
    assert challenge.display_status(calendar.today())[0] == "Closed: partly assured"


def test_the_business_unit_closes_a_challenge_whose_escalation_was_withdrawn_and_no_one_else_does(
    chair, agency, agency_lead, meeting, business, member, client_for
):
    from scrutiny.services import escalations

    challenge, escalation = _escalated_by_chair(chair, agency, agency_lead, meeting)
    with pytest.raises(PermissionDenied):
        services.challenge_close(acting_user=business, challenge=challenge, assurance_level="assured")
    escalations.escalation_withdraw(acting_user=business, escalation=escalation, reason="Agency produced the audit")
    challenge.refresh_from_db()
    for someone in (agency_lead, member):
        assert not permissions.can_close_challenge(someone, challenge)
    response = client_for(business).post(
        reverse("scrutiny:challenge-close", args=[challenge.pk]), {"assurance_level": "assured"}
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CLOSED and challenge.assurance_level == "assured"
