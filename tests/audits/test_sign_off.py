"""Senior sign-off by a second person: the lead names a senior officer in the directory for
the organisation; that person reads the return and signs it off in the portal, which is what
submits it. The lead cannot sign for them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audits.models import AuditSubmission
from audits.services import submissions as services
from core.models import Deadline
from core.roles import Role
from core.services import DomainError
from tests.factories import UserFactory

from .conftest import complete, senior_officer

pytestmark = pytest.mark.django_db
Status = AuditSubmission.Status


@pytest.fixture
def senior(agency):
    return senior_officer(agency)


@pytest.fixture
def ready(submission, agency_lead, questions):
    complete(submission, agency_lead, questions)
    return submission


def test_naming_a_senior_officer_freezes_the_return_and_asks_them(ready, agency_lead, senior):
    services.signoff_request(acting_user=agency_lead, submission=ready, signatory=senior)
    ready.refresh_from_db()
    assert ready.status == Status.AWAITING_SIGN_OFF and ready.signatory == senior
    assert not ready.is_editable and ready.submitted_at is None
    message = senior.notifications.get(kind="audit_sign_off")
    assert message.url == reverse("audits:submission-sign-off", args=[ready.pk])
    assert Deadline.objects.for_subject(ready).get().status != Deadline.Status.MET


def test_only_the_named_officer_signs_off_and_that_submits_it(business, ready, agency_lead, senior):
    services.signoff_request(acting_user=agency_lead, submission=ready, signatory=senior)
    with pytest.raises(PermissionDenied):
        services.submission_sign_off(acting_user=agency_lead, submission=ready)
    with pytest.raises(PermissionDenied):
        services.submission_sign_off(acting_user=business, submission=ready)
    services.submission_sign_off(acting_user=senior, submission=ready, job_title="Chief nurse")
    ready.refresh_from_db()
    assert ready.status == Status.SUBMITTED and ready.signed_off_at
    assert (ready.sign_off_name, ready.sign_off_role) == ("Dr Helen Varley", "Chief nurse")
    assert ready.submitted_by == agency_lead
    assert Deadline.objects.for_subject(ready).get().status == Deadline.Status.MET
    assert business.notifications.filter(title__contains="has submitted").exists()


def test_the_lead_cannot_name_themselves_or_someone_outside_the_organisation(
    ready, agency_lead, second_lead, other_lead
):
    with pytest.raises(DomainError, match="cannot sign it off"):
        services.signoff_request(acting_user=agency_lead, submission=ready, signatory=agency_lead)
    with pytest.raises(DomainError, match="in the directory for"):
        services.signoff_request(acting_user=agency_lead, submission=ready, signatory=other_lead)
    # Another lead of the same organisation may sign off, but then cannot be the one who asked.
    services.signoff_request(acting_user=agency_lead, submission=ready, signatory=second_lead)
    assert AuditSubmission.objects.get(pk=ready.pk).signatory == second_lead


def test_an_incomplete_return_cannot_go_for_sign_off(submission, agency_lead, senior):
    with pytest.raises(services.SubmissionIncomplete):
        services.signoff_request(acting_user=agency_lead, submission=submission, signatory=senior)


def test_the_officer_can_send_it_back_and_the_lead_can_take_it_back(ready, agency_lead, senior):
    services.signoff_request(acting_user=agency_lead, submission=ready, signatory=senior)
    with pytest.raises(DomainError, match="Enter what needs to change"):
        services.submission_sign_off_decline(acting_user=senior, submission=ready, reason=" ")
    services.submission_sign_off_decline(acting_user=senior, submission=ready, reason="Add the board minutes")
    ready.refresh_from_db()
    assert ready.status == Status.IN_PROGRESS and ready.signatory is None
    assert agency_lead.notifications.filter(body="Add the board minutes").exists()
    services.signoff_request(acting_user=agency_lead, submission=ready, signatory=senior)
    services.signoff_withdraw(acting_user=agency_lead, submission=ready)
    assert AuditSubmission.objects.get(pk=ready.pk).status == Status.IN_PROGRESS


def test_the_pages_walk_the_two_person_sign_off(ready, agency_lead, senior, client_for):
    lead = client_for(agency_lead)
    response = lead.post(reverse("audits:submission-submit", args=[ready.pk]), {"signatory": senior.pk})
    assert response.status_code == 302
    # The lead cannot open, let alone post, the sign-off page.
    sign_off = reverse("audits:submission-sign-off", args=[ready.pk])
    assert lead.get(sign_off).status_code == 403
    assert lead.post(sign_off, {"job_title": "Director", "sign": ""}).status_code == 403
    assert AuditSubmission.objects.get(pk=ready.pk).status == Status.AWAITING_SIGN_OFF
    officer = client_for(senior)
    page = officer.get(sign_off).content.decode()
    assert "Safeguarding is in the strategic plan" in page and "Sign off and submit" in page
    assert officer.post(sign_off, {"job_title": "", "sign": ""}).status_code == 200
    response = officer.post(sign_off, {"job_title": "Director of nursing", "sign": ""})
    assert response.status_code == 302
    assert AuditSubmission.objects.get(pk=ready.pk).status == Status.SUBMITTED


def test_someone_else_in_the_organisation_cannot_sign_off(ready, agency_lead, senior, agency, client_for):
    services.signoff_request(acting_user=agency_lead, submission=ready, signatory=senior)
    colleague = UserFactory(organisation=agency, roles=[Role.MEMBER])
    response = client_for(colleague).post(reverse("audits:submission-sign-off", args=[ready.pk]), {"sign": ""})
    assert response.status_code == 404


def test_the_outsider_is_refused(outsider, ready, client_for):
    assert client_for(outsider).get(reverse("audits:submission-sign-off", args=[ready.pk])).status_code == 404
