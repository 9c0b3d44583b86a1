"""Cases: recording serious incidents, referrals and what happens to them, with the refusals
a user meets on the forms."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.models import Deadline, Notification
from core.services import DomainError
from reviews.models import SeriousIncident
from reviews.services import cases
from tests.helpers import form_errors
from tests.reviews.conftest import case_fields

pytestmark = pytest.mark.django_db


def _post_case(client, **overrides):
    today = timezone.localdate()
    incident_on = overrides.pop("incident_on", today - timedelta(days=3))
    aware_on = overrides.pop("aware_on", today - timedelta(days=1))
    data = {
        "child_pseudonym": "Child H",
        "age_band": "1_4",
        "category": "serious_harm",
        "incident_on_0": incident_on.day,
        "incident_on_1": incident_on.month,
        "incident_on_2": incident_on.year,
        "aware_on_0": aware_on.day,
        "aware_on_1": aware_on.month,
        "aware_on_2": aware_on.year,
        "summary": "Admitted to hospital with unexplained injuries.",
        **overrides,
    }
    return client.post(reverse("reviews:incident-create"), data)


def test_recording_a_serious_incident_starts_the_notification_deadline(business, client_for, council, practice_group):
    response = _post_case(client_for(business))
    incident = SeriousIncident.objects.get()
    assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
    assert incident.status == SeriousIncident.Status.NOTIFICATION_DUE
    assert incident.reference.startswith(f"{incident.aware_on.year}-")
    deadline = Deadline.objects.for_subject(incident).get()
    assert deadline.rule.key == "serious_incident_notification"
    assert deadline.responsible_organisation == council
    assert business in deadline.responsible_users.all()
    assert "Child H" not in deadline.title


def test_an_awareness_date_in_the_future_is_refused_and_what_was_typed_is_kept(business, client_for, practice_group):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _post_case(client_for(business), aware_on=tomorrow, incident_on=tomorrow)
    assert response.status_code == 200
    errors = form_errors(response)
    assert errors["aware_on"] == ["The date the local authority became aware must be today or in the past"]
    assert "Child H" in response.content.decode()
    assert not SeriousIncident.objects.exists()


@pytest.mark.parametrize(
    ("pseudonym", "message"),
    [
        ("Helen Smith", "“Helen Smith” looks like a real full name."),
        ("Child H 12/03/2019", "The pseudonym must not include a date or a date of birth"),
    ],
)
def test_a_real_looking_name_or_a_date_in_the_pseudonym_is_refused(
    business, client_for, practice_group, pseudonym, message
):
    response = _post_case(client_for(business), child_pseudonym=pseudonym)
    assert response.status_code == 200
    assert message in form_errors(response)["child_pseudonym"][0]
    assert not SeriousIncident.objects.exists()


def test_a_pseudonym_that_looks_like_a_name_can_be_confirmed(business, client_for, practice_group):
    response = _post_case(client_for(business), child_pseudonym="Daisy Meadows", pseudonym_confirmed="on")
    assert response.status_code == 302
    assert SeriousIncident.objects.get().child_pseudonym == "Daisy Meadows"


def test_the_incident_cannot_come_after_the_local_authority_became_aware(business, client_for, practice_group):
    today = timezone.localdate()
    response = _post_case(client_for(business), incident_on=today, aware_on=today - timedelta(days=2))
    assert "on or before the date the local authority became aware" in form_errors(response)["incident_on"][0]


def test_only_the_business_unit_records_incidents(agency_lead, chair, practice_group):
    with pytest.raises(PermissionDenied):
        cases.incident_record(acting_user=agency_lead, **case_fields())
    with pytest.raises(PermissionDenied):
        cases.incident_record(acting_user=chair, **case_fields())


def test_an_agency_refers_a_case_and_the_business_unit_hears_of_it(
    agency_lead, business, agency, client_for, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    data = {
        "organisation": agency.pk,
        "referral_reason": "A baby was seen with bruising twice",
        "child_pseudonym": "Baby T",
        "age_band": "under_1",
        "category": "serious_harm",
        "incident_on_0": today.day,
        "incident_on_1": today.month,
        "incident_on_2": today.year,
        "aware_on_0": today.day,
        "aware_on_1": today.month,
        "aware_on_2": today.year,
        "summary": "Bruising on two occasions.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(agency_lead).post(reverse("reviews:referral-create"), data)
    assert response.status_code == 302 and response["Location"] == reverse("reviews:pipeline")
    referral = SeriousIncident.objects.get()
    assert referral.status == SeriousIncident.Status.REFERRED and referral.referred_by_organisation == agency
    assert not Deadline.objects.for_subject(referral).exists()
    note = Notification.objects.get(recipient=business)
    assert referral.reference in note.title and "Baby T" not in note.title
    assert all("Baby T" not in message.subject + message.body for message in mail.outbox)
    # The referrer has no need to know once it is sent.
    assert client_for(agency_lead).get(referral.get_absolute_url()).status_code == 404


def test_a_referral_that_meets_the_criteria_goes_on_the_notification_clock(
    business, agency_lead, agency, practice_group
):
    referral = cases.referral_make(
        acting_user=agency_lead, organisation=agency, referral_reason="Serious harm", **case_fields()
    )
    cases.referral_accept(acting_user=business, incident=referral)
    assert referral.status == SeriousIncident.Status.NOTIFICATION_DUE
    deadline = Deadline.objects.for_subject(referral).get()
    assert deadline.start_date == referral.aware_on


def test_a_referral_can_be_closed_with_a_reason_but_not_without(business, agency_lead, agency, client_for):
    referral = cases.referral_make(
        acting_user=agency_lead, organisation=agency, referral_reason="Worried", **case_fields()
    )
    client = client_for(business)
    response = client.post(reverse("reviews:incident-close", args=[referral.pk]), {"reason": " "})
    assert form_errors(response)["reason"] == ["Enter the reason for closing the case"]
    response = client.post(
        reverse("reviews:incident-close", args=[referral.pk]),
        {"reason": "Does not meet the criteria; single-agency learning"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == SeriousIncident.Status.CLOSED and "single-agency" in referral.close_reason


def test_a_case_under_rapid_review_cannot_be_closed(notified_case, business):
    incident = notified_case()
    with pytest.raises(DomainError, match="rapid review is under way"):
        cases.incident_close(acting_user=business, incident=incident, reason="Mistake")


def test_notification_cannot_be_before_awareness_nor_twice(record_case, business):
    incident = record_case()
    with pytest.raises(DomainError, match="cannot be before the local authority became aware"):
        cases.incident_notify(
            acting_user=business, incident=incident, notified_on=incident.aware_on - timedelta(days=1)
        )
    cases.incident_notify(
        acting_user=business, incident=incident, notified_on=timezone.localdate(), panel_reference="P1"
    )
    with pytest.raises(DomainError, match="already been notified"):
        cases.incident_notify(acting_user=business, incident=incident, notified_on=timezone.localdate())


def test_notifying_through_the_page_opens_the_rapid_review(record_case, business, client_for):
    incident = record_case()
    today = timezone.localdate()
    response = client_for(business).post(
        reverse("reviews:incident-notify", args=[incident.pk]),
        {
            "notified_on_0": today.day,
            "notified_on_1": today.month,
            "notified_on_2": today.year,
            "panel_reference": "CSPRP-1",
        },
    )
    incident.refresh_from_db()
    assert response["Location"] == incident.rapid_review.get_absolute_url()
    assert incident.panel_reference == "CSPRP-1" and incident.status == SeriousIncident.Status.RAPID_REVIEW


def test_correcting_the_awareness_date_resets_the_notification_deadline(record_case, business):
    incident = record_case()
    new_date = incident.aware_on - timedelta(days=1)
    cases.incident_update(acting_user=business, incident=incident, aware_on=new_date)
    live = Deadline.objects.for_subject(incident).exclude(status=Deadline.Status.CANCELLED).get()
    assert live.start_date == new_date


def test_the_outsider_is_refused_every_case_page(record_case, outsider, client_for):
    incident = record_case()
    client = client_for(outsider)
    for url in (
        reverse("reviews:pipeline"),
        reverse("reviews:incident-list"),
        reverse("reviews:referral-create"),
        incident.get_absolute_url(),
    ):
        assert client.get(url).status_code in (403, 404), url
