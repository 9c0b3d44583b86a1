"""Group, meeting and action-plan pages run a fixed number of queries however much they hold."""

from datetime import date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from subgroups.services import groups as group_services
from subgroups.services import meetings as meeting_services
from subgroups.services import plans as plan_services
from subgroups.services import risks as risk_services
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_constant_queries, assert_query_budget

pytestmark = pytest.mark.django_db
numbers = count()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_group_page_is_constant(subgroup, business, client_for):
    def grow():
        for _ in range(4):
            n = next(numbers)
            person = UserFactory(organisation=OrganisationFactory())
            group_services.membership_add(
                acting_user=business, group=subgroup, person=person, deputy=UserFactory(), role_in_group=f"Role {n}"
            )
            meeting_services.meeting_create(
                acting_user=business,
                group=subgroup,
                date=date(2031, 1, 1) + timedelta(days=n),
                start_time=time(10),
                location="Room",
            )
            group_services.group_save(
                acting_user=business, name=f"Child group {n}", kind="task_and_finish", purpose="x", reports_to=subgroup
            )

    assert_query_budget(client_for(business), subgroup.get_absolute_url(), grow)


def test_group_page_for_its_chair_is_constant(subgroup, business, chair, client_for):
    def grow():
        for _ in range(3):
            person = UserFactory(organisation=OrganisationFactory())
            group_services.membership_add(acting_user=business, group=subgroup, person=person, deputy=UserFactory())

    # Within the budget at scale 5 (bench/run); here the chair also sits on the group, so the
    # page lists its meetings too (one query more).
    assert_constant_queries(client_for(chair), subgroup.get_absolute_url(), grow)


@time_machine.travel(datetime(2030, 3, 7, 12, tzinfo=ZoneInfo("Europe/London")))  # the day of the meeting
def test_meeting_page_is_constant(subgroup, meeting, business, chair, client_for):
    members = [m.person for m in subgroup.memberships.all()]

    def grow():
        for _ in range(3):
            n = next(numbers)
            item = meeting_services.agenda_item_add(
                acting_user=business,
                meeting=meeting,
                title=f"Item {n}",
                kind="decision" if n % 2 else "information",
                presenter=members[0],
            )
            for k in range(2):
                paper = meeting_services.paper_add(
                    acting_user=business, item=item, title=f"Paper {n}.{k}", owner=members[k]
                )
                meeting_services.paper_upload(
                    acting_user=business, paper=paper, upload=SimpleUploadedFile("p.pdf", f"%PDF-1.4 {n}.{k}".encode())
                )
            meeting_services.entry_add(
                acting_user=business,
                meeting=meeting,
                item=item,
                kind="challenge",
                text=f"Question {n}",
                raised_by=chair,
                directed_to="Police",
            )
            if n % 2:
                meeting_services.agenda_item_set_summary(acting_user=business, item=item, in_summary=False)
        meeting_services.attendance_save(
            acting_user=business,
            meeting=meeting,
            rows=[{"person": person, "status": "present"} for person in members]
            + [{"name": f"Observer {next(numbers)}", "status": "observer"}],
        )

    assert_constant_queries(client_for(business), meeting.get_absolute_url(), grow)


def test_meeting_list_is_constant(subgroup, business, client_for):
    def grow():
        for _ in range(5):
            meeting_services.meeting_create(
                acting_user=business,
                group=subgroup,
                date=date(2031, 2, 1) + timedelta(days=next(numbers)),
                start_time=time(10),
                location="Room",
            )

    assert_constant_queries(client_for(business), reverse("subgroups:meeting-list"), grow)


def test_plan_pages_are_constant(subgroup, business, chair, member, client_for):
    plan = plan_services.plan_create(
        acting_user=business, title="Plan", owning_group=subgroup, organisation=OrganisationFactory()
    )

    def grow():
        for _ in range(4):
            n = next(numbers)
            plan_services.action_add(
                acting_user=business,
                plan=plan,
                description=f"Action {n}",
                owner=member,
                owner_organisation=OrganisationFactory(),
                due_date=date(2030, 1, 1) + timedelta(days=n),
            )
            other = plan_services.plan_create(acting_user=business, title=f"Other {n}", owning_group=subgroup)
            plan_services.action_add(
                acting_user=business, plan=other, description="x", owner=chair, due_date=date(2030, 6, 1)
            )

    client = client_for(business)
    assert_query_budget(client, plan.get_absolute_url(), grow)
    assert_query_budget(client, reverse("subgroups:plan-list"), grow)
    assert_query_budget(client, reverse("subgroups:plan-list") + "?stuck=1", grow)
    assert_query_budget(client_for(chair), reverse("subgroups:plan-list"), grow)


def test_live_plan_with_updates_is_constant(subgroup, business, chair, member, client_for):
    plan = plan_services.plan_create(acting_user=business, title="Plan", owning_group=subgroup)
    plan_services.action_add(
        acting_user=business, plan=plan, description="First", owner=member, due_date=date(2030, 1, 1)
    )
    plan_services.plan_submit(acting_user=business, plan=plan)
    plan_services.plan_approve(acting_user=chair, plan=plan)

    def grow():
        for _ in range(3):
            action = plan_services.action_add(
                acting_user=business,
                plan=plan,
                description=f"Action {next(numbers)}",
                owner=member,
                due_date=date(2030, 1, 1),
            )
            plan_services.action_update(
                acting_user=member,
                action=action,
                status="on_track",
                text="Going well",
                evidence=SimpleUploadedFile("e.pdf", b"%PDF-1.4 e"),
            )

    assert_query_budget(client_for(chair), plan.get_absolute_url(), grow)


def test_risk_registers_and_home_are_constant(subgroup, business, chair, member, client_for):
    group_services.group_save(acting_user=business, name="Executive", kind="executive", purpose="x")

    def grow():
        for _ in range(4):
            risk_services.risk_save(
                acting_user=business,
                group=subgroup,
                title=f"Risk {next(numbers)}",
                cause="c",
                effect="e",
                likelihood=4,
                impact=4,
                owner=UserFactory(),
                target_likelihood=1,
                target_impact=1,
                review_date=date(2030, 1, 1),
            )
            plan = plan_services.plan_create(acting_user=business, title="P", owning_group=subgroup)
            plan_services.action_add(
                acting_user=business, plan=plan, description="x", owner=member, due_date=date(2030, 1, 1)
            )
            plan_services.plan_submit(acting_user=business, plan=plan)

    assert_constant_queries(client_for(chair), reverse("subgroups:risk-register", args=[subgroup.pk]), grow)
    assert_constant_queries(client_for(business), reverse("subgroups:executive-register"), grow)
    assert_constant_queries(client_for(chair), reverse("core:home"), grow)
