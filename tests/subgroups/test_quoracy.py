"""Quoracy: each safeguarding partner represented by a member or their named deputy."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from subgroups import quoracy
from subgroups.models import Attendance
from subgroups.selectors.meetings import quoracy_verdict
from subgroups.services import meetings as services
from tests.factories import OrganisationFactory, UserFactory

A = quoracy.Attendee


def test_all_three_partners_present_is_quorate():
    verdict = quoracy.verdict(
        "partners",
        [
            A("present", True, "local_authority"),
            A("present", True, "police"),
            A("deputy", True, "integrated_care_board"),
        ],
    )
    assert verdict.quorate and verdict.explanation.startswith("Quorate")


def test_a_missing_partner_is_named():
    verdict = quoracy.verdict(
        "partners",
        [
            A("present", True, "local_authority"),
            A("apologies", True, "police"),
            A("present", True, "integrated_care_board"),
            A("observer", False, "police"),
        ],
    )
    assert not verdict.quorate
    assert verdict.missing_partners == ["the police"]
    assert verdict.explanation == "Not quorate: no member or named deputy from the police"


def test_minimum_rule_counts_members_and_deputies_only():
    people = [A("present", True, None), A("deputy", True, None), A("guest", False, None), A("apologies", True, None)]
    assert quoracy.verdict("minimum", people, minimum=2).quorate
    assert not quoracy.verdict("minimum", people, minimum=3).quorate


pytestmark_db = pytest.mark.django_db


def _rows(meeting, *specs):
    return [Attendance(meeting=meeting, **spec) for spec in specs]


@pytest.mark.django_db
def test_named_deputies_count_and_other_stand_ins_do_not(meeting, subgroup):
    (la, la_deputy), (icb, icb_deputy), (police, police_deputy) = subgroup.partner_members.values()
    stand_in = UserFactory(organisation=police.organisation)
    present_la_icb = [{"person": la, "status": "present"}, {"person": icb, "status": "present"}]
    verdict = quoracy_verdict(
        meeting,
        _rows(
            meeting,
            *present_la_icb,
            {"person": police, "status": "apologies"},
            {"person": police_deputy, "status": "deputy", "deputy_for": police},
        ),
    )
    assert verdict.quorate
    verdict = quoracy_verdict(
        meeting,
        _rows(
            meeting,
            *present_la_icb,
            {"person": police, "status": "apologies"},
            {"person": stand_in, "status": "deputy", "deputy_for": police},
        ),
    )
    assert not verdict.quorate and verdict.missing_partners == ["the police"]


@pytest.mark.django_db
def test_apologies_from_a_partner_make_the_meeting_inquorate(meeting, subgroup):
    (la, _), (icb, _), (police, _) = subgroup.partner_members.values()
    verdict = quoracy_verdict(
        meeting,
        _rows(
            meeting,
            {"person": la, "status": "present"},
            {"person": icb, "status": "apologies"},
            {"person": police, "status": "present"},
        ),
    )
    assert verdict.missing_partners == ["the integrated care board"]


@pytest.mark.django_db
def test_a_service_within_a_partner_represents_it(meeting, subgroup, business, partners):
    from subgroups.services import groups as group_services

    youth_justice = OrganisationFactory(
        name="Youth Justice Service", kind="youth_justice", parent=partners["local_authority"]
    )
    yj_member = UserFactory(organisation=youth_justice)
    group_services.membership_add(acting_user=business, group=subgroup, person=yj_member)
    (_, _), (icb, _), (police, _) = subgroup.partner_members.values()
    verdict = quoracy_verdict(
        meeting,
        _rows(
            meeting,
            {"person": yj_member, "status": "present"},
            {"person": icb, "status": "present"},
            {"person": police, "status": "present"},
        ),
    )
    assert verdict.quorate


@pytest.mark.django_db
def test_people_who_are_not_members_do_not_count(meeting, subgroup, partners):
    (la, _), (icb, _), _ = subgroup.partner_members.values()
    visitor = UserFactory(organisation=partners["police"])
    verdict = quoracy_verdict(
        meeting,
        _rows(
            meeting,
            {"person": la, "status": "present"},
            {"person": icb, "status": "present"},
            {"person": visitor, "status": "present", "organisation": partners["police"]},
        ),
    )
    assert not verdict.quorate


@pytest.mark.django_db
@time_machine.travel(datetime(2030, 3, 7, 12, tzinfo=ZoneInfo("Europe/London")))  # the day of the meeting
def test_saving_attendance_records_the_verdict_and_flags_decisions(meeting, subgroup, business):
    (la, _), (icb, _), (police, _) = subgroup.partner_members.values()
    decision = services.entry_add(acting_user=business, meeting=meeting, item=None, kind="decision", text="Agreed")
    assert not decision.needs_ratification
    services.attendance_save(
        acting_user=business,
        meeting=meeting,
        rows=[
            {"person": la, "status": "present"},
            {"person": icb, "status": "present"},
            {"person": police, "status": "apologies"},
        ],
    )
    meeting.refresh_from_db()
    decision.refresh_from_db()
    assert meeting.is_quorate is False and decision.needs_ratification
    later = services.entry_add(acting_user=business, meeting=meeting, item=None, kind="decision", text="Also agreed")
    assert later.needs_ratification
    services.attendance_save(
        acting_user=business,
        meeting=meeting,
        rows=[
            {"person": la, "status": "present"},
            {"person": icb, "status": "present"},
            {"person": police, "status": "present"},
        ],
    )
    decision.refresh_from_db()
    assert not decision.needs_ratification
