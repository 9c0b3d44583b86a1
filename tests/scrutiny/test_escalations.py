"""Escalations of professional disagreement: stage by stage, each with its record and its own
deadline; need-to-know, with every view logged."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from guardian.shortcuts import assign_perm

from core import calendar
from core.models import AccessLog, Deadline, Notification
from core.roles import Role
from core.services import DomainError
from scrutiny import permissions
from scrutiny.models import Escalation
from scrutiny.services import escalations as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_lead(council):
    lead = UserFactory(name="Council lead", organisation=council, roles=[Role.MEMBER])
    assign_perm("partnership.lead_organisation", lead, council)
    return lead


@pytest.fixture
def practitioner_manager(council):
    return UserFactory(name="Team manager", organisation=council, roles=[Role.MEMBER])


@pytest.fixture
def escalation(council_lead, council, agency, agency_lead, practitioner_manager):
    return services.escalation_start(
        acting_user=council_lead,
        title="Threshold for a strategy discussion",
        concern="Social care and health disagree about whether the threshold for a strategy discussion was met.",
        stage="practitioner",
        started_on=calendar.today(),
        who="Social worker and health visitor",
        summary="The practitioners spoke and did not agree.",
        handled_by=practitioner_manager,
        raising_organisation=council,
        other_organisation=agency,
    )


def _deadline(stage):
    return Deadline.objects.for_subject(stage).get()


def test_recording_opens_the_first_stage_on_the_clock(escalation, practitioner_manager, agency, agency_lead):
    stage = escalation.stages.get()
    assert stage.stage == Escalation.Stage.PRACTITIONER and escalation.stage == Escalation.Stage.PRACTITIONER
    deadline = _deadline(stage)
    assert deadline.rule.key == "escalation_stage"
    assert deadline.due_date == calendar.add_working_days(calendar.today(), 5)
    assert list(deadline.responsible_users.all()) == [practitioner_manager]
    assert deadline.responsible_organisation == agency
    # The title is safe for calendars: it names neither the concern nor a child.
    assert deadline.title == f"Escalation {escalation.reference}: practitioner stage"
    assert Notification.objects.filter(recipient=practitioner_manager, kind="escalation").exists()
    assert Notification.objects.filter(recipient=agency_lead, kind="escalation").exists()


def test_who_may_record_one(business, agency_lead, member, executive, council, agency):
    fields = {
        "title": "x",
        "concern": "y",
        "stage": "manager",
        "started_on": calendar.today(),
        "who": "a",
        "summary": "b",
    }
    assert services.escalation_start(acting_user=business, **fields).raising_organisation is None
    # A lead records one for their own organisation, not for another.
    services.escalation_start(acting_user=agency_lead, raising_organisation=agency, **fields)
    with pytest.raises(PermissionDenied):
        services.escalation_start(acting_user=agency_lead, raising_organisation=council, **fields)
    for person in (member, executive):
        with pytest.raises(PermissionDenied):
            services.escalation_start(acting_user=person, raising_organisation=agency, **fields)
    with pytest.raises(DomainError, match="future"):
        services.escalation_start(
            acting_user=business, **{**fields, "started_on": calendar.today() + timedelta(days=1)}
        )


def test_moving_on_meets_the_stage_deadline_and_opens_the_next(escalation, council_lead, scrutineer):
    first = escalation.stages.get()
    services.escalation_advance(
        acting_user=council_lead,
        escalation=escalation,
        outcome="No agreement between the practitioners.",
        next_stage="senior_manager",
        started_on=calendar.today(),
        who="Heads of service",
        summary="Heads of service to meet.",
        mediator=scrutineer,
    )
    escalation.refresh_from_db()
    assert escalation.stage == Escalation.Stage.SENIOR_MANAGER
    first.refresh_from_db()
    assert first.outcome and first.resolved_on == calendar.today()
    assert _deadline(first).status == Deadline.Status.MET
    second = escalation.stages.get(stage="senior_manager")
    assert second.mediator == scrutineer and _deadline(second).is_live
    assert Notification.objects.filter(recipient=scrutineer, kind="escalation").exists()
    with pytest.raises(DomainError, match="only moves forward"):
        services.escalation_advance(
            acting_user=council_lead,
            escalation=escalation,
            outcome="x",
            next_stage="manager",
            started_on=calendar.today(),
            who="x",
            summary="y",
        )


def test_the_mediator_must_be_the_scrutineer(escalation, council_lead, member):
    with pytest.raises(DomainError, match="independent scrutineer"):
        services.escalation_stage_record(
            acting_user=council_lead, escalation=escalation, who="x", summary="y", mediator=member
        )


def test_a_new_stage_lead_takes_on_the_deadline(escalation, business, member):
    services.escalation_stage_record(
        acting_user=business, escalation=escalation, who="Managers", summary="Met twice", handled_by=member
    )
    assert list(_deadline(escalation.stages.get()).responsible_users.all()) == [member]


def test_resolving_meets_the_deadline_and_ends_it(escalation, agency_lead):
    services.escalation_resolve(
        acting_user=agency_lead,
        escalation=escalation,
        outcome="Agreed a strategy discussion",
        resolved_on=calendar.today(),
    )
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.RESOLVED and escalation.ended_on == calendar.today()
    assert _deadline(escalation.stages.get()).status == Deadline.Status.MET
    with pytest.raises(DomainError, match="resolved"):
        services.escalation_withdraw(acting_user=agency_lead, escalation=escalation, reason="x")


def test_withdrawing_cancels_the_deadline(escalation, business):
    with pytest.raises(DomainError, match="reason"):
        services.escalation_withdraw(acting_user=business, escalation=escalation, reason=" ")
    services.escalation_withdraw(acting_user=business, escalation=escalation, reason="Raised in error")
    assert escalation.status == Escalation.Status.WITHDRAWN
    assert _deadline(escalation.stages.get()).status == Deadline.Status.CANCELLED


def test_executive_members_act_at_the_executive_stage_only(escalation, business, executive):
    with pytest.raises(PermissionDenied):
        services.escalation_stage_record(acting_user=executive, escalation=escalation, who="x", summary="y")
    services.escalation_advance(
        acting_user=business,
        escalation=escalation,
        outcome="Not resolved",
        next_stage="executive",
        started_on=calendar.today(),
        who="Delegated safeguarding partners",
        summary="To the Executive",
    )
    services.escalation_resolve(
        acting_user=executive, escalation=escalation, outcome="Executive decided", resolved_on=calendar.today()
    )
    assert escalation.status == Escalation.Status.RESOLVED


def test_escalations_are_need_to_know(
    escalation,
    business,
    executive,
    scrutineer,
    council_lead,
    agency_lead,
    practitioner_manager,
    member,
    chair,
    outsider,
):
    for person in (business, executive, scrutineer, council_lead, agency_lead, practitioner_manager):
        assert permissions.escalations_visible_to(person).filter(pk=escalation.pk).exists(), person
    # The agency's member does not lead it; the chair is not involved.
    for person in (member, chair, outsider):
        assert not permissions.escalations_visible_to(person).filter(pk=escalation.pk).exists(), person


def test_the_list_shows_only_escalations_the_person_is_involved_in(escalation, business, agency_lead, client_for):
    other = services.escalation_start(
        acting_user=business,
        title="Other",
        concern="c",
        stage="manager",
        started_on=calendar.today(),
        who="a",
        summary="b",
    )
    seen = {e.pk for e in client_for(business).get(reverse("scrutiny:escalation-list")).context["page"]}
    assert seen == {escalation.pk, other.pk}
    seen = {e.pk for e in client_for(agency_lead).get(reverse("scrutiny:escalation-list")).context["page"]}
    assert seen == {escalation.pk}


def test_every_view_is_logged_and_outsiders_refused(escalation, agency_lead, member, outsider, business, client_for):
    assert client_for(outsider).get(reverse("scrutiny:escalation-list")).status_code == 403
    assert client_for(outsider).get(escalation.get_absolute_url()).status_code == 404
    assert client_for(member).get(escalation.get_absolute_url()).status_code == 404
    page = client_for(agency_lead).get(escalation.get_absolute_url())
    assert page.status_code == 200 and page.context["can_manage"]
    assert not page.context["access_log_url"]
    log = AccessLog.objects.get()
    assert log.user == agency_lead and log.subject == escalation
    assert client_for(business).get(escalation.get_absolute_url()).context["access_log_url"]


def test_moving_on_through_the_page(escalation, council_lead, client_for):
    client = client_for(council_lead)
    url = reverse("scrutiny:escalation-advance", args=[escalation.pk])
    form = client.get(url).context["form"]
    assert [value for value, _ in form.fields["next_stage"].choices] == [
        "manager",
        "senior_manager",
        "partnership",
        "executive",
    ]
    refused = client.post(url, {"next_stage": "practitioner", "who": "", "summary": "", "outcome": ""})
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert errors["next_stage"] == ["Select a stage from the list"]
    assert errors["outcome"] == ["Enter the outcome of the current stage"]
    today = calendar.today()
    moved = client.post(
        url,
        {
            "outcome": "Not agreed",
            "next_stage": "manager",
            "started_on_0": today.day,
            "started_on_1": today.month,
            "started_on_2": today.year,
            "who": "Team managers",
            "summary": "Managers to meet",
        },
    )
    assert moved.status_code == 302
    escalation.refresh_from_db()
    assert escalation.stage == "manager" and escalation.stages.count() == 2


def test_the_stages_a_person_handled_are_in_their_data_export_without_the_summary(
    escalation, practitioner_manager, council_lead
):
    from core import personal_data

    source = next(s for s in personal_data.sources() if s.key == "escalations")
    rows = [list(row) for row in source.rows(practitioner_manager)]
    assert len(rows) == 1 and rows[0][0] == escalation.reference and rows[0][-1] == "handled it"
    assert escalation.stages.get().summary not in " ".join(str(cell) for cell in rows[0])
    assert [list(row)[-1] for row in source.rows(council_lead)] == ["raised the escalation"]
