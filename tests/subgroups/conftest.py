from datetime import date, time

import pytest

from subgroups.services import groups as group_services
from subgroups.services import meetings as meeting_services
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def partners(db):
    return {
        "local_authority": OrganisationFactory(
            name="Testshire Council", kind="local_authority", is_safeguarding_partner=True
        ),
        "integrated_care_board": OrganisationFactory(
            name="Testshire ICB", kind="integrated_care_board", is_safeguarding_partner=True
        ),
        "police": OrganisationFactory(name="Testshire Police", kind="police", is_safeguarding_partner=True),
    }


@pytest.fixture
def subgroup(business, chair, member, partners):
    """A sub-group with a member from each partner (each with a named deputy), the cast's
    member from an agency, and the cast's chair in the chair."""
    group = group_services.group_save(
        acting_user=business, name="Practice Review sub-group", kind="subgroup", purpose="Reviews"
    )
    group.partner_members = {}
    for kind, organisation in partners.items():
        person = UserFactory(name=f"{kind} member", organisation=organisation)
        deputy = UserFactory(name=f"{kind} deputy", organisation=organisation)
        group_services.membership_add(acting_user=business, group=group, person=person, deputy=deputy)
        group.partner_members[kind] = (person, deputy)
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.membership_add(acting_user=business, group=group, person=member)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    return group


@pytest.fixture
def meeting(business, subgroup):
    return meeting_services.meeting_create(
        acting_user=business, group=subgroup, date=date(2030, 3, 7), start_time=time(10), location="Civic Centre"
    )
