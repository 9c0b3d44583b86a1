"""The executive dashboard: what needs a decision or attention, each figure linking to its
detail, in a fixed number of queries however much there is; and the way to it from My work."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from core.services import deadlines as clock
from partnership.models import BudgetContribution
from scrutiny.periods import Quarter, year_of
from scrutiny.services import report as report_services
from scrutiny.services import scorecard as scorecard_services
from subgroups.models import ActionPlan
from subgroups.services import groups as group_services
from subgroups.services import plans as plan_services
from subgroups.services import risks as risk_services
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db
numbers = count()


@pytest.fixture
def group(business, chair):
    group = group_services.group_save(acting_user=business, name="Neglect sub-group", kind="subgroup", purpose="x")
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    return group


def _grow(business, chair, group):
    today = timezone.localdate()
    last = Quarter.last_complete(today)

    def grow():
        for _ in range(2):
            n = next(numbers)
            organisation = OrganisationFactory(name=f"Agency {n}")
            clock.deadline_create(
                subject=organisation,
                rule_key="serious_incident_notification",
                start=today - timedelta(days=20),
                title=f"Notify the Panel of incident {n}",
                responsible_organisation=organisation,
            )
            clock.deadline_create(
                subject=organisation,
                rule_key="rapid_review",
                start=today,
                due_date=today + timedelta(days=3),
                title=f"Rapid review {n}",
                responsible_organisation=organisation,
            )
            risk_services.risk_save(
                acting_user=business,
                group=group,
                title=f"Risk {n}",
                cause="c",
                effect="e",
                likelihood=5,
                impact=4,
                owner=UserFactory(),
                target_likelihood=1,
                target_impact=1,
                review_date=today + timedelta(days=30),
            )
            plan = plan_services.plan_create(
                acting_user=business, title=f"Plan {n}", owning_group=group, organisation=organisation
            )
            plan_services.action_add(
                acting_user=business,
                plan=plan,
                description=f"Action {n}",
                owner_organisation=organisation,
                due_date=today - timedelta(days=10),
            )
            plan_services.plan_submit(acting_user=business, plan=plan)
            plan_services.plan_approve(acting_user=chair, plan=plan)
            waiting = plan_services.plan_create(acting_user=business, title=f"Waiting {n}", owning_group=group)
            plan_services.action_add(
                acting_user=business, plan=waiting, description="x", owner=chair, due_date=today + timedelta(days=90)
            )
            plan_services.plan_submit(acting_user=business, plan=waiting)
            ActionPlan.objects.filter(pk=waiting.pk).update(submitted_at=timezone.now() - timedelta(days=40))
            indicator = scorecard_services.indicator_save(
                acting_user=business,
                name=f"Indicator {n}",
                definition="x",
                organisation=organisation,
                unit="percent",
                polarity="higher",
                target=Decimal("90"),
                amber_threshold=Decimal("90"),
                red_threshold=Decimal("80"),
            )
            for quarter, value in zip(last.back(2), ("85", "70"), strict=True):
                scorecard_services.value_enter(
                    acting_user=business, indicator=indicator, quarter=quarter, value=Decimal(value), tell=False
                )
            BudgetContribution.objects.create(
                financial_year=year_of(today), organisation=organisation, cash_amount=Decimal(1000 + n)
            )

    return grow


def test_the_dashboard_runs_the_same_number_of_queries_at_two_sizes(business, executive, chair, group, client_for):
    report_services.report_create(acting_user=business, year=year_of(timezone.localdate()))
    small, large = assert_constant_queries(
        client_for(executive), reverse("scrutiny:dashboard"), _grow(business, chair, group)
    )
    assert small == large


def test_the_dashboard_shows_what_needs_attention_with_links_to_the_detail(
    business, executive, chair, group, client_for
):
    _grow(business, chair, group)()
    report = report_services.report_create(acting_user=business, year=year_of(timezone.localdate()))
    page = client_for(executive).get(reverse("scrutiny:dashboard")).content.decode()
    assert "2 statutory deadlines missed</a>, and 2 due within 10 working days" in page
    assert "Notify the Panel of incident" in page and "/deadlines/" in page
    assert "Overdue actions by organisation" in page and "organisation=" in page
    assert "Risk " in page and reverse("subgroups:executive-register") in page
    assert "Waiting " in page  # a plan waiting more than 28 days for approval
    assert "2 exceptions on the scorecard" in page and reverse("scrutiny:scorecard-exceptions") in page
    assert "Budget shares" in page and "100%" in page
    assert report.get_absolute_url() in page


@pytest.mark.parametrize("who", ["member", "agency_lead", "chair", "outsider"])
def test_only_those_who_read_everything_see_the_dashboard(cast, client_for, who):
    assert client_for(cast[who]).get(reverse("scrutiny:dashboard")).status_code == 403


@pytest.mark.parametrize("who", ["executive", "business", "scrutineer"])
def test_the_executive_business_unit_and_scrutineer_reach_it_from_the_menu_and_home(cast, client_for, who):
    home = client_for(cast[who]).get(reverse("core:home")).content.decode()
    assert "open the executive dashboard" in home
    assert 'href="/dashboard/"' in home[: home.index('id="main-content"')]  # in the top navigation


def test_members_do_not_see_the_dashboard_in_the_menu(member, client_for):
    assert 'href="/dashboard/"' not in client_for(member).get(reverse("core:home")).content.decode()


def test_my_work_tells_a_lead_which_values_are_due(indicator, agency_lead, client_for):
    home = client_for(agency_lead).get(reverse("core:home")).content.decode()
    quarter = Quarter.last_complete(timezone.localdate())
    assert f"Scorecard values due for {quarter.label}" in home and "Return interviews within 72 hours" in home


def test_my_work_asks_a_signatory_to_sign_off_the_report_once_it_is_submitted(business, lead_partners, client_for):
    from scrutiny.services import signatories

    for organisation, lead in lead_partners.values():
        signatories.signatory_name(acting_user=business, organisation=organisation, person=lead)
    report = report_services.report_create(acting_user=business, year=year_of(timezone.localdate()))
    police, police_lead = lead_partners["police"]
    client = client_for(police_lead)
    assert "Yearly report awaiting your sign-off" not in client.get(reverse("core:home")).content.decode()
    version = report_services.report_submit(acting_user=business, report=report)
    home = client.get(reverse("core:home")).content.decode()
    assert "Yearly report awaiting your sign-off" in home and report.get_absolute_url() in home
    report_services.report_sign_off(
        acting_user=police_lead, report=report, organisation=police, version=1, content_hash=version.content_hash
    )
    assert "Yearly report awaiting your sign-off" not in client.get(reverse("core:home")).content.decode()
