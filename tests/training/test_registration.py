"""Practitioners register themselves with a work email whose domain belongs to an organisation
in the directory, confirm it by email, and get the least privilege there is."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from core.roles import Role, has_any_role, user_roles
from partnership.models import User
from tests.factories import OrganisationFactory
from training.models import Practitioner

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase 42"


def _register(client, email, **extra):
    return client.post(
        reverse("account_signup"),
        {"name": "Rita Registers", "email": email, "password1": PASSWORD, "password2": PASSWORD, **extra},
    )


def test_a_work_email_registers_a_practitioner_of_that_agency_after_confirming_it(client, agency):
    response = _register(client, "Rita.Registers@TestshireHospitals.example.org", job_title="School nurse")
    assert response.status_code == 302
    user = User.objects.get(email="rita.registers@testshirehospitals.example.org")
    assert user.name == "Rita Registers"
    assert user.organisation is None
    assert user_roles(user) == {Role.PRACTITIONER}
    assert not has_any_role(user)
    assert Practitioner.objects.get(user=user).organisation == agency
    assert not EmailAddress.objects.get(user=user).verified
    # Signing in waits for the confirmation link.
    client.logout()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.get(reverse("training:my-bookings"))["Location"].startswith(reverse("account_login"))
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    assert EmailAddress.objects.get(user=user).verified
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.get(reverse("training:my-bookings")).status_code == 200
    assert client.get(reverse("partnership:organisation-list")).status_code in (403, 404)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("rita@gmail.com", "“gmail.com” does not belong to an organisation"),
        ("rita@sub.testshirehospitals.example.org", "does not belong to an organisation"),
        ("not an email", "Enter an email address in the correct format"),
    ],
)
def test_an_address_from_elsewhere_is_refused_with_a_clear_message(client, agency, email, message):
    response = _register(client, email)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(name="Rita Registers").exists()


def test_a_domain_several_organisations_share_asks_which(client, agency):
    OrganisationFactory(name="Testshire Community Health", email_domains="testshirehospitals.example.org")
    response = _register(client, "rita@testshirehospitals.example.org")
    assert "Select the organisation you work for" in response.content.decode()
    response = _register(client, "rita@testshirehospitals.example.org", organisation=agency.pk)
    assert response.status_code == 302
    assert Practitioner.objects.get(user__email="rita@testshirehospitals.example.org").organisation == agency


def test_a_deactivated_organisations_domain_registers_nobody(client, agency):
    agency.is_active = False
    agency.save()
    response = _register(client, "rita@testshirehospitals.example.org")
    assert "does not belong to an organisation" in response.content.decode()


def test_an_existing_address_is_not_revealed(client, practitioner):
    response = _register(client, practitioner.email)
    assert response.status_code == 302  # the same "check your email" as a new address
    assert User.objects.filter(email=practitioner.email).count() == 1


def test_practitioners_are_not_made_to_set_up_two_factor_but_everyone_else_is(client, practitioner, member, settings):
    settings.PORTAL_REQUIRE_MFA = True
    client.force_login(practitioner)
    assert client.get(reverse("training:my-bookings")).status_code == 200
    client.force_login(member)
    assert client.get(reverse("training:my-bookings"))["Location"] == reverse("mfa_index")


def test_the_people_list_shows_practitioners_to_the_business_unit_only(client, practitioner, business, member):
    client.force_login(member)
    assert practitioner.name not in client.get(reverse("partnership:people-list")).content.decode()
    assert client.get(reverse("partnership:person-detail", args=[practitioner.pk])).status_code == 404
    client.force_login(business)
    assert practitioner.name in client.get(reverse("partnership:people-list")).content.decode()


def test_organisation_domains_are_checked_and_tidied(business, agency):
    from django.core.exceptions import ValidationError

    from partnership.services import organisation_update

    organisation_update(acting_user=business, organisation=agency, email_domains="@NHS.example.org; trust.example.org")
    assert agency.email_domains == "nhs.example.org, trust.example.org"
    with pytest.raises(ValidationError, match="public email service"):
        organisation_update(acting_user=business, organisation=agency, email_domains="hotmail.com")
    with pytest.raises(ValidationError, match="is not an email domain"):
        organisation_update(acting_user=business, organisation=agency, email_domains="not a domain!")


@pytest.mark.parametrize("value", ["", " ", "\x00", "nul\x00in", "a" * 5000, "💥" * 40, "<script>alert(1)</script>"])
def test_the_registration_form_refuses_junk_without_a_server_error(client, agency, value):
    """The form fuzz signs in first, so it never reaches this public form: junk in every field."""
    response = client.post(
        reverse("account_signup"),
        {
            "name": value,
            "email": value,
            "organisation": value,
            "job_title": value,
            "password1": value,
            "password2": value,
        },
    )
    assert response.status_code == 200
    assert not User.objects.exclude(email__endswith="example.org").exists()


def test_a_practitioner_downloads_their_own_data_and_keeps_a_work_address(client, practitioner, member):
    client.force_login(practitioner)
    export = client.get(reverse("partnership:person-export", args=[practitioner.pk]))
    assert export.status_code == 200
    assert client.get(reverse("partnership:person-export", args=[member.pk])).status_code == 404
    response = client.post(reverse("account_email"), {"action_add": "", "email": "pat.home@gmail.com"})
    assert "Use your work email address" in response.content.decode()
    assert not EmailAddress.objects.filter(email="pat.home@gmail.com").exists()
