"""Senior sign-off by someone invited by email: the lead types the officer's name and work
address (its domain must be the organisation's); an address with an account names that
person; anyone else is emailed a link that sets up an account with no role, which opens that
return to read and sign off and nothing else. A new invitation replaces the last, the link
expires, the lead sees its state, and the lead cannot use the link."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from audits import permissions
from audits.models import AuditSubmission, SignOffInvitation
from audits.services import signoff
from audits.services import submissions as services
from core.models import Notification
from core.roles import user_roles
from core.services import DomainError
from partnership.models import User
from tests.factories import PASSWORD

from .conftest import complete

pytestmark = pytest.mark.django_db
Status = AuditSubmission.Status
OFFICER = "helen.varley@testshirehospitals.example.org"
NEW_PASSWORD = "a-long-passphrase-for-helen-2030"


@pytest.fixture
def ready(submission, agency_lead, questions):
    complete(submission, agency_lead, questions)
    return submission


def _invite(lead, submission, email=OFFICER, name="Dr Helen Varley", *, capture):
    with capture(execute=True):
        return signoff.signoff_invite(acting_user=lead, submission=submission, name=name, email=email)


def _link(message) -> str:
    return re.search(r"https?://\S+(/audits/sign-off-invitations/\S+/)", message.body).group(1)


def _token(message) -> str:
    return _link(message).rstrip("/").rsplit("/", 1)[1]


def test_inviting_by_email_freezes_the_return_and_emails_a_link(ready, agency_lead, django_capture_on_commit_callbacks):
    result = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks)
    ready.refresh_from_db()
    assert ready.status == Status.AWAITING_SIGN_OFF and ready.signatory is None and not ready.is_editable
    assert ready.sign_off_requested_by == agency_lead
    invitation = result.invitation
    assert invitation.status == SignOffInvitation.Status.PENDING and invitation.email == OFFICER
    assert invitation.expires_at - invitation.invited_at == timedelta(days=SignOffInvitation.VALID_DAYS)
    [message] = mail.outbox
    assert message.to == [OFFICER] and "Testshire Hospitals NHS Trust" in message.subject
    token = _token(message)
    # Only the secret's hash is stored.
    assert token not in invitation.token_hash and invitation.token_hash == SignOffInvitation.hash_token(token)
    assert not User.objects.filter(email=OFFICER).exists()


def test_an_address_outside_the_organisations_domains_is_refused(ready, agency_lead):
    for email in ("helen@gmail.com", "helen@testshirepolice.example.org", "helen@sub.testshirehospitals.example.org"):
        with pytest.raises(DomainError, match="is not one of its email domains"):
            signoff.signoff_invite(acting_user=agency_lead, submission=ready, name="Helen", email=email)
    assert AuditSubmission.objects.get(pk=ready.pk).status == Status.IN_PROGRESS
    assert not SignOffInvitation.objects.exists()


def test_an_organisation_without_domains_cannot_invite(ready, agency_lead, agency):
    agency.email_domains = ""
    agency.save()
    with pytest.raises(DomainError, match="has no email domains"):
        signoff.signoff_invite(acting_user=agency_lead, submission=ready, name="Helen", email=OFFICER)


def test_an_address_with_an_account_names_that_person(ready, agency_lead, practitioner):
    result = signoff.signoff_invite(
        acting_user=agency_lead, submission=ready, name="Pat", email=practitioner.email.upper()
    )
    assert result.invitation is None
    ready.refresh_from_db()
    assert ready.signatory == practitioner and ready.status == Status.AWAITING_SIGN_OFF
    assert practitioner.notifications.filter(kind="audit_sign_off").exists()
    assert not SignOffInvitation.objects.exists() and not mail.outbox


def test_the_lead_cannot_invite_themselves(ready, agency_lead, agency):
    agency_lead.email = "alex.lead@testshirehospitals.example.org"
    agency_lead.save()
    with pytest.raises(DomainError, match="cannot sign it off"):
        signoff.signoff_invite(acting_user=agency_lead, submission=ready, name="Me", email=agency_lead.email)


def test_an_incomplete_return_cannot_be_sent(submission, agency_lead):
    with pytest.raises(services.SubmissionIncomplete):
        signoff.signoff_invite(acting_user=agency_lead, submission=submission, name="Helen", email=OFFICER)
    assert not SignOffInvitation.objects.exists()


def test_only_the_organisations_lead_invites(ready, other_lead, business):
    for person in (other_lead, business):
        with pytest.raises(PermissionDenied):
            signoff.signoff_invite(acting_user=person, submission=ready, name="Helen", email=OFFICER)


def test_inviting_again_replaces_the_last_invitation(ready, agency_lead, django_capture_on_commit_callbacks):
    first = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks).invitation
    second = _invite(
        agency_lead,
        ready,
        "sam.senior@testshirehospitals.example.org",
        "Sam Senior",
        capture=django_capture_on_commit_callbacks,
    ).invitation
    first.refresh_from_db()
    assert first.status == SignOffInvitation.Status.REPLACED and first.closed_at
    assert second.status == SignOffInvitation.Status.PENDING
    with pytest.raises(DomainError, match="replaced by a newer one"):
        signoff.signoff_invitation_accept(invitation=first, name="Helen", job_title="Director", password=NEW_PASSWORD)
    assert AuditSubmission.objects.get(pk=ready.pk).sign_off_requested_by == agency_lead


def test_accepting_sets_up_a_least_privilege_account_that_signs_off(
    ready, agency_lead, business, django_capture_on_commit_callbacks
):
    invitation = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks).invitation
    officer = signoff.signoff_invitation_accept(
        invitation=invitation, name="Dr Helen Varley", job_title="Chief nurse", password=NEW_PASSWORD
    )
    officer.refresh_from_db()
    assert officer.email == OFFICER and officer.check_password(NEW_PASSWORD) and officer.invited_by == agency_lead
    assert user_roles(officer) == frozenset() and officer.organisation is None
    assert officer.emailaddress_set.get().verified
    invitation.refresh_from_db()
    assert invitation.status == SignOffInvitation.Status.ACCEPTED and invitation.accepted_by == officer
    ready.refresh_from_db()
    assert ready.signatory == officer and ready.sign_off_requested_by == agency_lead
    assert Notification.objects.filter(recipient=officer, kind="audit_sign_off").exists()
    # Least privilege: this return, to read and sign off, and nothing else.
    assert list(permissions.submissions_visible_to(officer)) == [ready]
    assert permissions.can_sign_off(officer, ready) and not permissions.can_answer(officer, ready)
    assert not permissions.can_view_audits(officer) and not permissions.cycles_visible_to(officer).exists()
    with pytest.raises(DomainError, match="already been used"):
        signoff.signoff_invitation_accept(invitation=invitation, name="Again", job_title="x", password=NEW_PASSWORD)
    services.submission_sign_off(acting_user=officer, submission=ready, job_title="Chief nurse")
    ready.refresh_from_db()
    assert ready.status == Status.SUBMITTED and ready.sign_off_name == "Dr Helen Varley"


def test_the_lead_cannot_accept_the_invitation_for_the_officer(
    ready, agency_lead, second_lead, django_capture_on_commit_callbacks
):
    invitation = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks).invitation
    for lead in (agency_lead, second_lead):
        with pytest.raises(PermissionDenied, match="only the senior officer it was sent to"):
            signoff.signoff_invitation_accept(invitation=invitation, user=lead)
    assert AuditSubmission.objects.get(pk=ready.pk).signatory is None


def test_the_invitation_expires(ready, agency_lead, django_capture_on_commit_callbacks):
    invitation = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks).invitation
    later = timezone.now() + timedelta(days=SignOffInvitation.VALID_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        assert invitation.state_label() == "Expired"
        with pytest.raises(DomainError, match="expired on"):
            signoff.signoff_invitation_accept(invitation=invitation, name="Helen", job_title="x", password=NEW_PASSWORD)
        # The lead can invite again while nobody has accepted.
        assert permissions.can_invite_signatory(agency_lead, AuditSubmission.objects.get(pk=ready.pk))
    assert not User.objects.filter(email=OFFICER).exists()


def _expired(days=SignOffInvitation.VALID_DAYS, minutes=1):
    return time_machine.travel(timezone.now() + timedelta(days=days, minutes=minutes), tick=False)


def test_the_lead_is_told_once_when_an_invitation_expires_unaccepted(
    ready, agency_lead, client_for, django_capture_on_commit_callbacks
):
    invitation = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks).invitation
    assert signoff.tell_expired_invitations() == 0  # not expired yet
    with _expired():
        with django_capture_on_commit_callbacks(execute=True):
            assert signoff.tell_expired_invitations() == 1
        assert signoff.tell_expired_invitations() == 0  # once
    told = Notification.objects.get(recipient=agency_lead, title__contains="has expired")
    assert told.subject == ready and told.url == ready.get_absolute_url()
    assert "Dr Helen Varley" in told.title and OFFICER in told.body and "Invite them again" in told.body
    assert [m.subject for m in mail.outbox if "has expired" in m.subject] == [told.title]
    invitation.refresh_from_db()
    assert invitation.expiry_told_at is not None and invitation.status == SignOffInvitation.Status.PENDING
    page = client_for(agency_lead).get(ready.get_absolute_url()).content.decode()
    assert f"{agency_lead} told on" in page


def test_expired_invitations_are_told_in_one_message_per_person(
    ready, police_submission, agency_lead, other_lead, second_lead, django_capture_on_commit_callbacks
):
    """Two expired at once for the same lead: one message naming both. A lead who has left:
    the organisation's leads today are told instead."""
    _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks)
    SignOffInvitation.objects.create(
        submission=police_submission,
        name="Chief Superintendent Ray Ward",
        email="ray.ward@test.example.org",
        token_hash="x" * 64,
        invited_by=agency_lead,
        expires_at=timezone.now() + timedelta(days=1),
    )
    with _expired():
        assert signoff.tell_expired_invitations() == 2
    (message,) = Notification.objects.filter(recipient=agency_lead, title__contains="expired")
    assert message.title == "2 invitations to sign off returns have expired"
    assert "Dr Helen Varley" in message.body and "Ray Ward" in message.body

    SignOffInvitation.objects.update(expiry_told_at=None)
    Notification.objects.all().delete()
    User.objects.filter(pk=agency_lead.pk).update(is_active=False)
    with _expired():
        signoff.tell_expired_invitations()
    told = set(Notification.objects.values_list("recipient__email", flat=True))
    assert told == {second_lead.email, other_lead.email}


def test_accepted_replaced_or_withdrawn_invitations_are_never_told_of(
    ready, agency_lead, django_capture_on_commit_callbacks
):
    invitation = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks).invitation
    services.signoff_withdraw(acting_user=agency_lead, submission=ready)
    with _expired():
        assert signoff.tell_expired_invitations() == 0
    invitation.refresh_from_db()
    assert invitation.expiry_told_at is None


def test_taking_the_return_back_withdraws_the_invitation(ready, agency_lead, django_capture_on_commit_callbacks):
    invitation = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks).invitation
    services.signoff_withdraw(acting_user=agency_lead, submission=ready)
    invitation.refresh_from_db()
    assert invitation.status == SignOffInvitation.Status.WITHDRAWN
    assert AuditSubmission.objects.get(pk=ready.pk).status == Status.IN_PROGRESS
    with pytest.raises(DomainError, match="withdrawn"):
        signoff.signoff_invitation_accept(invitation=invitation, name="Helen", job_title="x", password=NEW_PASSWORD)


def test_picking_someone_from_the_directory_replaces_a_waiting_invitation(
    ready, agency_lead, django_capture_on_commit_callbacks
):
    from .conftest import senior_officer

    invitation = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks).invitation
    services.signoff_withdraw(acting_user=agency_lead, submission=ready)
    services.signoff_request(acting_user=agency_lead, submission=ready, signatory=senior_officer(ready.organisation))
    invitation.refresh_from_db()
    assert invitation.status == SignOffInvitation.Status.WITHDRAWN
    # Once someone is named, the lead takes the return back before inviting anyone else.
    with pytest.raises(DomainError, match="Take the return back"):
        signoff.signoff_invite(acting_user=agency_lead, submission=ready, name="Helen", email=OFFICER)


# Pages ----------------------------------------------------------------------------------------------


def test_the_invite_page_refuses_a_foreign_address_keeping_what_was_typed(ready, agency_lead, client_for):
    lead = client_for(agency_lead)
    url = reverse("audits:submission-signoff-invite", args=[ready.pk])
    assert (
        "Invite the senior officer by email"
        in lead.get(reverse("audits:submission-submit", args=[ready.pk])).content.decode()
    )
    response = lead.post(url, {"name": "Dr Helen Varley", "email": "helen.varley@gmail.com"})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "“gmail.com” is not one of its email domains" in page
    assert 'value="Dr Helen Varley"' in page and 'value="helen.varley@gmail.com"' in page
    response = lead.post(url, {"name": "", "email": "not-an-address"})
    page = response.content.decode()
    assert "Enter the senior officer’s full name" in page and "Enter an email address in the correct format" in page
    assert not SignOffInvitation.objects.exists()


def test_the_pages_walk_an_invitation_through_to_sign_off(
    ready, agency_lead, business, client_for, client, django_capture_on_commit_callbacks
):
    lead = client_for(agency_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(
            reverse("audits:submission-signoff-invite", args=[ready.pk]),
            {"name": "Dr Helen Varley", "email": OFFICER},
        )
    assert response.status_code == 302
    link = _link(mail.outbox[-1])
    page = lead.get(ready.get_absolute_url()).content.decode()
    assert "Dr Helen Varley (helen.varley@testshirehospitals.example.org), invited by email" in page
    assert "Invitations to sign off sent by email" in page and "Waiting for them to accept" in page
    assert "Invite again by email" in page
    # The lead cannot use the link, by GET or POST.
    refused = lead.get(link)
    assert refused.status_code == 403 and "The lead cannot sign off the return" in refused.content.decode()
    assert (
        lead.post(
            link, {"name": "x", "job_title": "x", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        ).status_code
        == 403
    )
    assert not User.objects.filter(email=OFFICER).exists()

    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Set up your account" in page.content.decode()
    assert 'value="Dr Helen Varley"' in page.content.decode()
    mismatch = client.post(
        link, {"name": "Helen", "job_title": "Chief nurse", "password1": NEW_PASSWORD, "password2": "other"}
    )
    assert "The passwords do not match" in mismatch.content.decode()
    response = client.post(
        link,
        {"name": "Dr Helen Varley", "job_title": "Chief nurse", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    sign_off = reverse("audits:submission-sign-off", args=[ready.pk])
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client.get(link).status_code == 200  # already accepted: it says so, and offers to sign in
    officer = User.objects.get(email=OFFICER)
    officer_client = client_for(officer)
    home = officer_client.get(reverse("core:home")).content.decode()
    assert "audit return for you to sign off" in home and sign_off in home
    assert officer_client.get(reverse("audits:home")).status_code == 403
    assert officer_client.get(ready.get_absolute_url()).status_code == 200
    assert officer_client.post(sign_off, {"job_title": "Chief nurse", "sign": ""}).status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.SUBMITTED and ready.sign_off_name == "Dr Helen Varley"
    page = client_for(business).get(ready.get_absolute_url()).content.decode()
    assert "Invitations to sign off sent by email" in page and "Accepted" in page
    assert "Please read and sign off" in page  # the message asking them, in what was sent


def test_an_unknown_or_expired_link(ready, agency_lead, client, django_capture_on_commit_callbacks):
    assert client.get(reverse("audits:signoff-invitation", args=["not-a-real-token"])).status_code == 404
    _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks)
    link = _link(mail.outbox[-1])
    with time_machine.travel(timezone.now() + timedelta(days=SignOffInvitation.VALID_DAYS + 1), tick=False):
        response = client.get(link)
        assert response.status_code == 410 and "expired on" in response.content.decode()


def test_someone_signed_in_at_the_invited_address_goes_on_as_themselves(
    ready, agency_lead, practitioner, client_for, django_capture_on_commit_callbacks
):
    invitation = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks).invitation
    # The account at that address came after the invitation (they registered for training).
    User.objects.filter(pk=practitioner.pk).update(email=OFFICER)
    practitioner.refresh_from_db()
    client = client_for(practitioner)
    link = _link(mail.outbox[-1])
    assert "Continue to the return" in client.get(link).content.decode()
    response = client.post(link)
    assert response["Location"] == reverse("audits:submission-sign-off", args=[ready.pk])
    invitation.refresh_from_db()
    assert invitation.accepted_by == practitioner
    assert AuditSubmission.objects.get(pk=ready.pk).signatory == practitioner


def test_someone_else_signed_in_cannot_use_the_link(
    ready, agency_lead, outsider, client_for, django_capture_on_commit_callbacks
):
    _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks)
    response = client_for(outsider).get(_link(mail.outbox[-1]))
    assert response.status_code == 403 and "This invitation was sent to" in response.content.decode()


def test_the_invite_page_is_the_leads_alone(ready, outsider, other_lead, business, client_for):
    url = reverse("audits:submission-signoff-invite", args=[ready.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(other_lead).get(url).status_code == 404
    assert client_for(business).get(url).status_code == 403


def test_the_invited_officer_signs_in_with_the_password_they_chose(
    ready, agency_lead, client, django_capture_on_commit_callbacks
):
    invitation = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks).invitation
    signoff.signoff_invitation_accept(
        invitation=invitation, name="Helen", job_title="Chief nurse", password=PASSWORD + "x9"
    )
    response = client.post(reverse("account_login"), {"login": OFFICER, "password": PASSWORD + "x9"})
    assert response.status_code == 302


def test_the_personal_data_export_lists_invitations_sent_and_received(
    ready, agency_lead, django_capture_on_commit_callbacks
):
    from audits import personal_data

    invitation = _invite(agency_lead, ready, capture=django_capture_on_commit_callbacks).invitation
    officer = signoff.signoff_invitation_accept(
        invitation=invitation, name="Dr Helen Varley", job_title="Chief nurse", password=NEW_PASSWORD
    )
    [sent] = personal_data.signoff_invitations(agency_lead)
    [received] = personal_data.signoff_invitations(officer)
    assert sent[2] == "You sent it" and received[2] == "Sent to you"
    assert received[3:5] == ["Dr Helen Varley", OFFICER] and received[-1] == "Accepted"
