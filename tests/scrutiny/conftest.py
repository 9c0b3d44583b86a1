"""Fixtures for scrutiny and assurance: the effectiveness sub-group (the cast's chair in the
chair, the cast's member a member), one of its meetings, and a challenge put to the agency
the cast's agency lead leads."""

from datetime import date, time

import pytest

from subgroups.models import PartnershipGroup
from subgroups.services import groups as group_services
from subgroups.services import meetings as meeting_services
from tests.factories import OrganisationFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def effectiveness(business, chair, member):
    group = group_services.group_save(
        acting_user=business,
        name="Safeguarding Effectiveness sub-group",
        kind="subgroup",
        remit=PartnershipGroup.Remit.EFFECTIVENESS,
        purpose="Performance, audit and scrutiny",
    )
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.membership_add(acting_user=business, group=group, person=member)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    return group


@pytest.fixture
def meeting(business, effectiveness):
    return meeting_services.meeting_create(
        acting_user=business, group=effectiveness, date=date(2030, 3, 6), start_time=time(10), location="Civic Centre"
    )


@pytest.fixture
def other_agency(db):
    return OrganisationFactory(name="Testshire Community Health Trust", kind="nhs_trust")


@pytest.fixture
def challenge(business, agency, agency_lead, meeting):
    from scrutiny.services import challenges

    return challenges.challenge_raise(
        acting_user=business,
        question="How do you know your staff follow the neglect strategy?",
        directed_to_organisation=agency,
        meeting=meeting,
    )


# Reporting: the scorecard and the yearly report -----------------------------------------------------


@pytest.fixture
def indicator(business, agency):
    """A typed percentage indicator owned by the agency the cast's agency lead leads."""
    from decimal import Decimal

    from scrutiny.services import scorecard

    return scorecard.indicator_save(
        acting_user=business,
        name="Return interviews within 72 hours",
        definition="Children back from a missing episode offered a return interview within 72 hours.",
        organisation=agency,
        unit="percent",
        polarity="higher",
        target=Decimal("90"),
        amber_threshold=Decimal("85"),
        red_threshold=Decimal("75"),
    )


@pytest.fixture
def lead_partners(council):
    """The three safeguarding partners (the cast's council and two more), each with a lead who
    signs off the yearly report for it: {kind: (organisation, lead)}."""
    from guardian.shortcuts import assign_perm

    from core.roles import Role
    from tests.factories import UserFactory

    partners = {
        "local_authority": council,
        "integrated_care_board": OrganisationFactory(
            name="Testshire ICB", kind="integrated_care_board", is_safeguarding_partner=True
        ),
        "police": OrganisationFactory(name="Testshire Police", kind="police", is_safeguarding_partner=True),
    }
    leads = {}
    for kind, organisation in partners.items():
        lead = UserFactory(name=f"Lead for {organisation}", organisation=organisation, roles=[Role.MEMBER])
        assign_perm("partnership.lead_organisation", lead, organisation)
        leads[kind] = (organisation, lead)
    return leads
