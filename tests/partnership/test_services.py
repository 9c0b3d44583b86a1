import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.roles import Role, user_roles
from core.services import DomainError
from partnership import services
from partnership.models import Organisation, User
from partnership.permissions import is_organisation_lead, led_organisation_ids, organisations_led_by
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_business_unit_invites_someone_who_gets_an_email_to_set_a_password(
    business, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = services.user_invite(
            acting_user=business,
            email="  New.Person@Agency.Example.org ",
            name="New Person",
            organisation=agency,
            roles=[Role.MEMBER],
        )
    assert person.email == "new.person@agency.example.org"
    assert not person.has_usable_password()
    assert user_roles(person) == {Role.MEMBER}
    assert EmailAddress.objects.get(user=person).verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@agency.example.org"]
    assert "/accounts/password/reset/key/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert person.history.first().history_change_reason == "Invited"


def test_inviting_an_existing_email_is_refused(business, member):
    with pytest.raises(DomainError, match="already an account"):
        services.user_invite(acting_user=business, email=member.email.upper(), name="Again", organisation=None)


def test_only_the_business_unit_may_invite(member):
    with pytest.raises(PermissionDenied):
        services.user_invite(acting_user=member, email="x@example.org", name="X", organisation=None)


def test_deactivating_keeps_the_person_and_ends_their_sessions(business, member, client):
    from django.test import Client

    client.force_login(member)
    client.get("/")
    colleague = Client()
    colleague.force_login(business)
    colleague.get("/")
    services.user_deactivate(acting_user=business, user=member, reason="Left the trust")
    member.refresh_from_db()
    assert not member.is_active and member.deactivated_at is not None
    assert User.objects.filter(pk=member.pk).exists()
    assert client.get("/").status_code == 302
    assert colleague.get("/").status_code == 200
    assert member.history.first().history_change_reason == "Deactivated: Left the trust"
    assert user_roles(member) == frozenset()


def test_business_unit_cannot_deactivate_themselves_or_drop_their_own_role(business):
    with pytest.raises(DomainError):
        services.user_deactivate(acting_user=business, user=business, reason="Oops")
    with pytest.raises(DomainError, match="own business unit role"):
        services.user_update(acting_user=business, user=business, name="B", organisation=None, roles=[Role.MEMBER])
    assert Role.BUSINESS_UNIT in user_roles(User.objects.get(pk=business.pk))


def test_role_changes_are_recorded_in_history(business, member):
    services.user_update(
        acting_user=business,
        user=member,
        name=member.name,
        organisation=member.organisation,
        roles=[Role.MEMBER, Role.LAY_MEMBER],
    )
    assert member.history.first().history_change_reason == "Roles changed to: Partnership member, Lay member"


def test_setting_leads_assigns_and_removes_the_object_role(business, agency, agency_lead, member):
    services.organisation_set_leads(acting_user=business, organisation=agency, leads=[member])
    assert is_organisation_lead(member, agency)
    assert not is_organisation_lead(agency_lead, agency)
    assert list(organisations_led_by(member)) == [agency]
    reason = agency.history.first().history_change_reason
    assert reason == f"Leads changed: added {member}, removed {agency_lead}"


def test_the_organisations_led_are_read_once_per_request(business, agency, member, django_assert_num_queries):
    services.organisation_set_leads(acting_user=business, organisation=agency, leads=[member])
    # Each request loads its own user object: the ids are kept on it, so every app's checks and
    # home's counts share one read, and a later request sees a change.
    person = User.objects.get(pk=member.pk)
    with django_assert_num_queries(1):
        assert led_organisation_ids(person) == {agency.pk}
        assert led_organisation_ids(person) == {agency.pk}
    services.organisation_set_leads(acting_user=business, organisation=agency, leads=[])
    assert led_organisation_ids(User.objects.get(pk=member.pk)) == frozenset()
    member.is_active = False
    assert led_organisation_ids(member) == frozenset()


def test_the_signed_in_person_comes_with_the_organisations_they_lead(
    business, agency, member, django_assert_num_queries
):
    """What each request loads (core.auth_backends) reads the organisations led in the same
    query as the person: asking costs nothing more, and the next load sees a change."""
    from core.auth_backends import AuthenticationBackend

    other = OrganisationFactory()
    backend = AuthenticationBackend()
    assert led_organisation_ids(backend.get_user(member.pk)) == frozenset()
    services.organisation_set_leads(acting_user=business, organisation=agency, leads=[member])
    services.organisation_set_leads(acting_user=business, organisation=other, leads=[member])
    with django_assert_num_queries(1):
        person = backend.get_user(member.pk)
        assert led_organisation_ids(person) == {agency.pk, other.pk}
        assert is_organisation_lead(person, other)
    services.organisation_set_leads(acting_user=business, organisation=agency, leads=[])
    assert led_organisation_ids(backend.get_user(member.pk)) == {other.pk}


def test_a_deactivated_person_cannot_be_made_lead(business, agency, member):
    services.user_deactivate(acting_user=business, user=member, reason="Left")
    with pytest.raises(DomainError):
        services.organisation_set_leads(acting_user=business, organisation=agency, leads=[member])


def test_only_partner_kinds_can_be_safeguarding_partners(business):
    with pytest.raises(ValidationError):
        services.organisation_create(
            acting_user=business, name="Youth Club", kind="voluntary", is_safeguarding_partner=True
        )


def test_an_organisation_cannot_be_its_own_grandparent(business):
    top = OrganisationFactory(name="Top")
    middle = OrganisationFactory(name="Middle", parent=top)
    with pytest.raises(ValidationError):
        services.organisation_update(acting_user=business, organisation=top, parent=middle)


def test_deactivating_an_organisation_needs_a_reason_and_keeps_history(business, agency):
    with pytest.raises(DomainError):
        services.organisation_set_active(acting_user=business, organisation=agency, active=False, reason=" ")
    services.organisation_set_active(acting_user=business, organisation=agency, active=False, reason="Merged")
    agency.refresh_from_db()
    assert not agency.is_active
    assert Organisation.objects.filter(pk=agency.pk).exists()


def test_budget_contribution_is_one_per_partner_per_year(business, council):
    services.budget_contribution_save(acting_user=business, financial_year=2025, organisation=council, cash_amount=1000)
    with pytest.raises(DomainError, match="already has a contribution"):
        services.budget_contribution_save(
            acting_user=business, financial_year=2025, organisation=council, cash_amount=5
        )


def test_resending_an_invitation_to_someone_who_set_a_password_is_refused(business, member):
    with pytest.raises(DomainError, match="already set their password"):
        services.user_resend_invitation(acting_user=business, user=member)


def test_guarded_user_factory_roles_are_real(member):
    assert UserFactory._meta.model is User
    assert user_roles(member) == {Role.MEMBER}
