"""Independent scrutiny: the scrutineer plans the year, records what each activity found and
makes recommendations the Executive must respond to on the clock; the impact summary sits
beside the counts the portal computes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core import calendar
from core.models import Deadline, Notification
from core.services import DomainError
from scrutiny.models import Recommendation, ScrutinyActivity
from scrutiny.selectors.scrutiny import impact_counts
from scrutiny.services import scrutiny as services
from tests.helpers import form_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(scrutineer):
    return services.scrutiny_plan_create(acting_user=scrutineer, year=2026, focus="The front door and neglect")


@pytest.fixture
def done(plan, scrutineer):
    activity = services.activity_add(
        acting_user=scrutineer,
        plan=plan,
        kind=ScrutinyActivity.Kind.PRACTITIONERS,
        title="Conversations with health visitors",
        planned_date=calendar.today() - timedelta(days=3),
    )
    return services.activity_complete(acting_user=scrutineer, activity=activity, done_on=calendar.today())


def test_the_scrutineer_and_the_business_unit_write_the_plan(plan, scrutineer, business, executive, member):
    with pytest.raises(DomainError, match="already a plan"):
        services.scrutiny_plan_create(acting_user=business, year=2026, focus="Again")
    for person in (executive, member):
        with pytest.raises(PermissionDenied):
            services.scrutiny_plan_create(acting_user=person, year=2027, focus="x")
        with pytest.raises(PermissionDenied):
            services.activity_add(
                acting_user=person, plan=plan, kind="deep_dive", title="x", planned_date=date(2026, 9, 1)
            )


def test_activities_are_planned_then_done_or_cancelled(plan, scrutineer):
    activity = services.activity_add(
        acting_user=scrutineer,
        plan=plan,
        kind="deep_dive",
        title="Deep dive into neglect",
        planned_date=date(2026, 9, 1),
    )
    with pytest.raises(DomainError, match="future"):
        services.activity_complete(
            acting_user=scrutineer, activity=activity, done_on=calendar.today() + timedelta(days=1)
        )
    with pytest.raises(DomainError, match="as done"):
        services.finding_add(acting_user=scrutineer, activity=activity, kind="strength", text="x")
    services.activity_cancel(acting_user=scrutineer, activity=activity, reason="Covered by the JTAI")
    assert activity.status == ScrutinyActivity.Status.CANCELLED
    with pytest.raises(DomainError):
        services.activity_complete(acting_user=scrutineer, activity=activity, done_on=calendar.today())


def test_a_recommendation_goes_to_every_executive_member_on_the_clock(done, scrutineer, executive, business):
    finding = services.finding_add(
        acting_user=scrutineer, activity=done, kind="development", text="Supervision is not recorded"
    )
    recommendation = services.recommendation_add(
        acting_user=scrutineer, activity=done, text="Audit supervision records", finding=finding
    )
    deadline = Deadline.objects.for_subject(recommendation).get()
    assert deadline.due_date == recommendation.response_due == calendar.add_working_days(calendar.today(), 20)
    assert list(deadline.responsible_users.all()) == [executive]
    assert list(deadline.escalation_users.all()) == [business]
    assert Notification.objects.filter(recipient=executive, kind="scrutiny_recommendation").exists()


def test_the_executive_responds_and_the_scrutineer_is_told(done, scrutineer, executive, member):
    recommendation = services.recommendation_add(acting_user=scrutineer, activity=done, text="Share the learning")
    with pytest.raises(PermissionDenied):
        services.recommendation_respond(
            acting_user=member, recommendation=recommendation, decision="accepted", response="x"
        )
    with pytest.raises(PermissionDenied):
        services.recommendation_respond(
            acting_user=scrutineer, recommendation=recommendation, decision="accepted", response="x"
        )
    services.recommendation_respond(
        acting_user=executive, recommendation=recommendation, decision="partly_accepted", response="For health only"
    )
    assert recommendation.status == Recommendation.Status.RESPONDED and recommendation.responded_by == executive
    assert Deadline.objects.for_subject(recommendation).get().status == Deadline.Status.MET
    assert Notification.objects.filter(recipient=scrutineer, title__contains="partly accepted").exists()
    with pytest.raises(DomainError, match="already"):
        services.recommendation_respond(
            acting_user=executive, recommendation=recommendation, decision="accepted", response="x"
        )
    services.recommendation_implemented(
        acting_user=executive, recommendation=recommendation, implemented_on=calendar.today(), note="Briefings done"
    )
    assert recommendation.status == Recommendation.Status.IMPLEMENTED


def test_a_recommendation_not_accepted_cannot_be_implemented(done, scrutineer, executive):
    recommendation = services.recommendation_add(acting_user=scrutineer, activity=done, text="Hire a second scrutineer")
    services.recommendation_respond(
        acting_user=executive, recommendation=recommendation, decision="not_accepted", response="No budget"
    )
    with pytest.raises(DomainError, match="accepted"):
        services.recommendation_implemented(
            acting_user=executive, recommendation=recommendation, implemented_on=calendar.today(), note="x"
        )


def test_impact_counts_come_from_the_data(plan, done, scrutineer, executive):
    services.activity_add(
        acting_user=scrutineer, plan=plan, kind="deep_dive", title="Later", planned_date=calendar.today()
    )
    services.finding_add(acting_user=scrutineer, activity=done, kind="strength", text="Good")
    services.finding_add(acting_user=scrutineer, activity=done, kind="development", text="Weak")
    first = services.recommendation_add(acting_user=scrutineer, activity=done, text="One")
    second = services.recommendation_add(acting_user=scrutineer, activity=done, text="Two")
    services.recommendation_add(acting_user=scrutineer, activity=done, text="Three")
    services.recommendation_respond(acting_user=executive, recommendation=first, decision="accepted", response="Yes")
    services.recommendation_respond(
        acting_user=executive, recommendation=second, decision="not_accepted", response="No"
    )
    services.recommendation_implemented(
        acting_user=executive, recommendation=first, implemented_on=calendar.today(), note="Done"
    )
    today = calendar.today()
    counts = impact_counts(today - timedelta(days=30), today + timedelta(days=1))
    assert (counts.activities_planned, counts.activities_done, counts.findings) == (2, 1, 2)
    assert (counts.recommendations, counts.responded, counts.accepted, counts.implemented) == (3, 2, 1, 1)
    assert impact_counts(date(2020, 1, 1), date(2020, 12, 31)).activities_done == 0


def test_the_impact_page_shows_the_summary_beside_the_counts(done, scrutineer, member, client_for):
    today = calendar.today()
    summary = services.impact_summary_add(
        acting_user=scrutineer, period_start=today - timedelta(days=10), period_end=today, text="Practice changed."
    )
    page = client_for(member).get(summary.get_absolute_url())
    assert page.status_code == 200 and page.context["counts"].activities_done == 1
    assert "Practice changed." in page.content.decode()


def test_outsiders_are_refused(plan, done, outsider, client_for):
    client = client_for(outsider)
    assert client.get(reverse("scrutiny:scrutiny-plan-list")).status_code == 403
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(done.get_absolute_url()).status_code == 404


def test_the_plan_form_refuses_bad_years(scrutineer, plan, client_for):
    client = client_for(scrutineer)
    url = reverse("scrutiny:scrutiny-plan-create")
    assert form_errors(client.post(url, {"year": "2026", "focus": "x"})) == {
        "year": ["There is already a plan for that year"]
    }
    assert form_errors(client.post(url, {"year": "99999999999", "focus": ""})) == {
        "year": ["Enter a year between 2000 and 2100"],
        "focus": ["Enter what the scrutiny will focus on"],
    }
    assert form_errors(client.post(url, {"year": "twenty"}))["year"] == ["Enter the year as 4 numbers, like 2026"]


def test_the_executive_responds_through_the_page(done, scrutineer, executive, client_for):
    recommendation = services.recommendation_add(acting_user=scrutineer, activity=done, text="Share the learning")
    url = reverse("scrutiny:recommendation-respond", args=[recommendation.pk])
    assert client_for(scrutineer).get(url).status_code == 403
    client = client_for(executive)
    assert form_errors(client.post(url, {"decision": "maybe", "response": ""})) == {
        "decision": ["Select whether the Executive accepts the recommendation"],
        "response": ["Enter the Executive’s response"],
    }
    assert client.post(url, {"decision": "accepted", "response": "Agreed"}).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.decision == "accepted"


@pytest.fixture
def accepted(done, scrutineer, executive):
    recommendation = services.recommendation_add(acting_user=scrutineer, activity=done, text="Audit supervision")
    return services.recommendation_respond(
        acting_user=executive, recommendation=recommendation, decision="accepted", response="Agreed for health"
    )


@pytest.fixture
def executive_group(business, chair):
    from subgroups.services import groups as group_services

    group = group_services.group_save(acting_user=business, name="Executive", kind="executive", purpose="Lead")
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    return group


def test_an_accepted_recommendation_becomes_an_action_tracked_like_any_other(
    accepted, business, chair, agency, agency_lead, scrutineer, executive, executive_group, client_for
):
    from subgroups.models import Action, ActionPlan
    from subgroups.services import plans as plan_services

    for someone in (scrutineer, executive, agency_lead):
        with pytest.raises(PermissionDenied):
            services.recommendation_action_add(
                acting_user=someone,
                recommendation=accepted,
                plan=None,
                description="x",
                owner=agency_lead,
                due_date=calendar.today() + timedelta(days=60),
            )
    due = calendar.today() + timedelta(days=60)
    action = services.recommendation_action_add(
        acting_user=business,
        recommendation=accepted,
        plan=None,
        description="Audit supervision records in health visiting",
        owner=agency_lead,
        owner_organisation=agency,
        due_date=due,
    )
    plan = action.plan
    assert plan.owning_group == executive_group and plan.status == ActionPlan.Status.DRAFT
    assert plan.source == accepted.activity
    accepted.refresh_from_db()
    assert accepted.action == action
    with pytest.raises(PermissionDenied):  # once
        services.recommendation_action_add(
            acting_user=business, recommendation=accepted, plan=plan, description="x", owner=agency_lead, due_date=due
        )
    page = client_for(scrutineer).get(accepted.get_absolute_url()).content.decode()
    assert "Progress on the action" in page and "goes on the clock once its chair approves it" in page
    plan_services.plan_submit(acting_user=business, plan=plan)
    plan_services.plan_approve(acting_user=chair, plan=plan)
    assert Deadline.objects.for_subject(action).get().due_date == due  # on the clock like any action
    plan_services.action_update(
        acting_user=agency_lead, action=action, status=Action.Status.AT_RISK, text="Auditors off sick in March"
    )
    page = client_for(scrutineer).get(accepted.get_absolute_url()).content.decode()
    assert "At risk" in page and "Auditors off sick in March" in page and str(agency_lead) in page
    assert "goes on the clock" not in page and "Add to an action plan" not in page


def test_the_business_unit_adds_an_accepted_recommendation_to_a_live_plan_through_the_page(
    accepted, business, chair, agency_lead, executive_group, scrutineer, client_for
):
    from subgroups.services import plans as plan_services

    live = plan_services.plan_create(acting_user=business, title="Workforce plan", owning_group=executive_group)
    plan_services.action_add(
        acting_user=business, plan=live, description="Recruit", owner=chair, due_date=date(2031, 1, 1)
    )
    plan_services.plan_submit(acting_user=business, plan=live)
    plan_services.plan_approve(acting_user=chair, plan=live)
    url = reverse("scrutiny:recommendation-action", args=[accepted.pk])
    assert client_for(scrutineer).get(url).status_code == 403
    client = client_for(business)
    assert url in client.get(accepted.get_absolute_url()).content.decode()
    form = client.get(url).content.decode()
    assert "Workforce plan" in form and "A new action plan owned by the Executive" in form
    refused = client.post(url, {"plan": live.pk, "description": "Audit it", "due_date_0": "31"})
    errors = form_errors(refused)
    assert "owner" in errors and "due_date" in errors
    assert "Audit it" in refused.content.decode() and 'class="govuk-error-summary' in refused.content.decode()
    due = calendar.today() + timedelta(days=30)
    response = client.post(
        url,
        {
            "plan": live.pk,
            "description": "Audit it",
            "owner": agency_lead.pk,
            "due_date_0": due.day,
            "due_date_1": due.month,
            "due_date_2": due.year,
        },
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.action.plan == live and Deadline.objects.for_subject(accepted.action).get().is_live


def test_an_activity_must_fall_inside_its_plans_year(plan, scrutineer, client_for):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="between 1 April 2026 and 31 March 2027"):
        services.activity_add(
            acting_user=scrutineer, plan=plan, kind="deep_dive", title="Too late", planned_date=date(2027, 4, 1)
        )
    url = reverse("scrutiny:activity-add", args=[plan.pk])
    data = {"kind": "deep_dive", "title": "Deep dive into neglect", "planned_date_0": "31", "planned_date_1": "3"}
    refused = client_for(scrutineer).post(url, {**data, "planned_date_2": "2026"})
    assert form_errors(refused) == {
        "planned_date": ["The planned date must be in the plan’s year, between 1 April 2026 and 31 March 2027"]
    }
    page = refused.content.decode()
    assert 'class="govuk-error-summary' in page and 'value="Deep dive into neglect"' in page
    assert client_for(scrutineer).post(url, {**data, "planned_date_2": "2027"}).status_code == 302
    assert plan.activities.get().planned_date == date(2027, 3, 31)
