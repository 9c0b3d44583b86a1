"""Action plans: only the owning group's chair approves, returns and signs off; approval puts
every action on the statutory clock, escalated to the chair."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import Deadline
from core.services import DomainError
from subgroups.models import Action, ActionPlan
from subgroups.selectors.plans import stuck_plans
from subgroups.services import groups as group_services
from subgroups.services import plans as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(subgroup, business, member):
    plan = services.plan_create(acting_user=business, title="Improve supervision", owning_group=subgroup)
    services.action_add(
        acting_user=business, plan=plan, description="Revise the policy", owner=member, due_date=date(2030, 5, 1)
    )
    return plan


@pytest.fixture
def other_group_chair(business):
    chair = UserFactory(name="Other chair")
    group = group_services.group_save(acting_user=business, name="Education sub-group", kind="subgroup", purpose="x")
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    return chair


def test_the_chair_approves_and_actions_join_the_clock(plan, business, chair, member):
    services.plan_submit(acting_user=business, plan=plan)
    services.plan_approve(acting_user=chair, plan=plan)
    assert plan.status == ActionPlan.Status.IN_PROGRESS and plan.approved_by == chair
    action = plan.actions.get()
    deadline = Deadline.objects.for_subject(action).get()
    assert deadline.due_date == date(2030, 5, 1)
    assert list(deadline.responsible_users.all()) == [member]
    assert list(deadline.escalation_users.all()) == [chair]


def test_another_groups_chair_cannot_approve_or_return(plan, business, other_group_chair, client_for):
    services.plan_submit(acting_user=business, plan=plan)
    with pytest.raises(PermissionDenied):
        services.plan_approve(acting_user=other_group_chair, plan=plan)
    with pytest.raises(PermissionDenied):
        services.plan_return(acting_user=other_group_chair, plan=plan, comments="No")
    # Nor can the business unit: approval is the chair's.
    with pytest.raises(PermissionDenied):
        services.plan_approve(acting_user=business, plan=plan)
    assert client_for(other_group_chair).post(reverse("subgroups:plan-approve", args=[plan.pk])).status_code in (
        403,
        404,
    )
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SUBMITTED


def test_returning_needs_comments_and_reopens_the_draft(plan, business, chair):
    services.plan_submit(acting_user=business, plan=plan)
    with pytest.raises(DomainError):
        services.plan_return(acting_user=chair, plan=plan, comments=" ")
    services.plan_return(acting_user=chair, plan=plan, comments="Make the actions measurable")
    assert plan.status == ActionPlan.Status.RETURNED and plan.is_editable
    services.action_add(
        acting_user=business, plan=plan, description="Audit ten cases", owner=chair, due_date=date(2030, 7, 1)
    )
    services.plan_submit(acting_user=business, plan=plan)
    assert plan.status == ActionPlan.Status.SUBMITTED


def test_an_empty_plan_cannot_be_submitted(subgroup, business):
    empty = services.plan_create(acting_user=business, title="Empty", owning_group=subgroup)
    with pytest.raises(DomainError, match="at least one action"):
        services.plan_submit(acting_user=business, plan=empty)


def test_updates_with_evidence_then_completion_then_sign_off_on_impact(
    plan, business, chair, member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    services.plan_submit(acting_user=business, plan=plan)
    services.plan_approve(acting_user=chair, plan=plan)
    action = plan.actions.get()
    with pytest.raises(DomainError, match="not complete"):
        services.plan_complete(acting_user=business, plan=plan)
    update = services.action_update(
        acting_user=member,
        action=action,
        status=Action.Status.COMPLETE,
        text="Policy revised and circulated",
        evidence=SimpleUploadedFile("policy.pdf", b"%PDF-1.4 policy"),
    )
    assert update.evidence.original_name == "policy.pdf"
    assert Deadline.objects.for_subject(action).get().status == Deadline.Status.MET
    services.plan_complete(acting_user=business, plan=plan)
    with pytest.raises(DomainError, match="evidence of impact"):
        services.plan_sign_off(acting_user=chair, plan=plan, impact_statement="")
    services.plan_sign_off(acting_user=chair, plan=plan, impact_statement="Supervision now recorded in 9 of 10 cases")
    assert plan.status == ActionPlan.Status.SIGNED_OFF and plan.signed_off_by == chair


def test_someone_unconnected_cannot_update_an_action(plan, business, chair, outsider):
    services.plan_submit(acting_user=business, plan=plan)
    services.plan_approve(acting_user=chair, plan=plan)
    with pytest.raises(PermissionDenied):
        services.action_update(acting_user=outsider, action=plan.actions.get(), status="on_track", text="x")


def test_the_owning_organisations_lead_may_update_its_actions(subgroup, business, chair, agency_lead, agency):
    plan = services.plan_create(acting_user=business, title="Agency plan", owning_group=subgroup, organisation=agency)
    action = services.action_add(
        acting_user=business, plan=plan, description="Train staff", owner_organisation=agency, due_date=date(2030, 5, 1)
    )
    services.plan_submit(acting_user=business, plan=plan)
    services.plan_approve(acting_user=chair, plan=plan)
    services.action_update(acting_user=agency_lead, action=action, status="on_track", text="Sessions booked")
    assert Action.objects.get(pk=action.pk).status == "on_track"


def test_stuck_plans_are_those_gone_quiet_or_with_overdue_actions(subgroup, business, chair, member):
    def approved(title, due):
        plan = services.plan_create(acting_user=business, title=title, owning_group=subgroup)
        services.action_add(acting_user=business, plan=plan, description="x", owner=member, due_date=due)
        services.plan_submit(acting_user=business, plan=plan)
        services.plan_approve(acting_user=chair, plan=plan)
        return plan

    today = timezone.localdate()
    quiet = approved("Quiet", today + timedelta(days=60))
    ActionPlan.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now() - timedelta(weeks=7))
    overdue = approved("Overdue", today - timedelta(days=1))
    approved("Fine", today + timedelta(days=60))
    assert {p.title for p in stuck_plans(ActionPlan.objects.all())} == {quiet.title, overdue.title}


def test_a_meetings_action_log_is_an_action_plan(meeting, business, chair, client_for):
    client_for(business).post(reverse("subgroups:action-log-create", args=[meeting.pk]))
    log = ActionPlan.objects.get(kind=ActionPlan.Kind.ACTION_LOG)
    assert log.source == meeting and log.owning_group == meeting.group
