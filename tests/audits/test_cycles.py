"""Cycles: who is invited by default, additions and removals, launching (deadlines on the
statutory clock, leads told), the closing date moving the deadlines, moderators, events and
completion."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from audits.models import AuditCycle, AuditSubmission
from audits.selectors.cycles import moderators_of
from audits.services import cycles as services
from audits.services import frameworks as framework_services
from audits.services import submissions as submission_services
from core.models import Deadline
from core.services import DomainError
from partnership.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

from .conftest import complete, submit

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_a_new_cycle_invites_every_active_organisation_with_the_duty(business, version):
    school = OrganisationFactory(name="Oakfield Primary", kind="school", audit_duty="section_175")
    gone = OrganisationFactory(name="Closed Trust", is_active=False)
    trust = OrganisationFactory(name="Open Trust")
    cycle = services.cycle_create(
        acting_user=business, title="S11", version=version, opens_on=_today(), closes_on=_today() + timedelta(days=30)
    )
    invited = set(cycle.submissions.values_list("organisation_id", flat=True))
    assert trust.pk in invited and school.pk not in invited and gone.pk not in invited
    assert cycle.status == AuditCycle.Status.SETUP
    assert not Deadline.objects.filter(content_type__model="auditsubmission").exists()


def test_the_closing_date_must_follow_the_opening_date(business, version, client_for):
    response = client_for(business).post(
        reverse("audits:cycle-create"),
        {
            "title": "S11",
            "version": version.pk,
            "opens_on_0": "10",
            "opens_on_1": "3",
            "opens_on_2": "2030",
            "closes_on_0": "1",
            "closes_on_1": "3",
            "closes_on_2": "2030",
        },
    )
    assert response.context["form"].errors["closes_on"] == ["The closing date must be after the opening date"]
    assert not AuditCycle.objects.exists()


def test_only_a_published_self_assessment_version_can_be_used(business, framework):
    draft = framework_services.version_new_draft(acting_user=business, framework=framework)
    with pytest.raises(ValidationError, match="published"):
        services.cycle_create(
            acting_user=business, title="S11", version=draft, opens_on=_today(), closes_on=_today() + timedelta(days=9)
        )


def test_launching_puts_a_deadline_on_each_return_and_tells_the_leads(
    cycle, agency_lead, other_lead, submission, django_capture_on_commit_callbacks
):
    deadline = Deadline.objects.for_subject(submission).get()
    assert deadline.rule.key == "audit_return"
    assert deadline.due_date == cycle.closes_on
    assert deadline.responsible_organisation == submission.organisation
    assert list(deadline.responsible_users.all()) == [agency_lead]
    assert agency_lead.notifications.filter(title__contains="is invited to").exists()
    assert other_lead.notifications.filter(title__contains="is invited to").exists()
    with pytest.raises(DomainError, match="already been launched"):
        services.cycle_launch(acting_user=cycle.created_by, cycle=cycle)


def test_an_organisation_added_after_launch_gets_its_deadline_at_once(business, cycle):
    late_comer = OrganisationFactory(name="Riverside Housing", kind="housing")
    lead = UserFactory(organisation=late_comer)
    assign_perm("partnership.lead_organisation", lead, late_comer)
    [submission] = services.invitation_add(acting_user=business, cycle=cycle, organisations=[late_comer])
    assert Deadline.objects.for_subject(submission).get().due_date == cycle.closes_on
    assert lead.notifications.exists()


def test_removing_before_launch_deletes_the_invitation_and_after_launch_keeps_the_return(business, version, cycle):
    setup = services.cycle_create(
        acting_user=business, title="Next", version=version, opens_on=_today(), closes_on=_today() + timedelta(days=9)
    )
    first = setup.submissions.first()
    services.invitation_remove(acting_user=business, submission=first, reason="")
    assert not setup.submissions.filter(pk=first.pk).exists()

    launched = cycle.submissions.first()
    with pytest.raises(DomainError, match="Enter the reason"):
        services.invitation_remove(acting_user=business, submission=launched, reason=" ")
    services.invitation_remove(acting_user=business, submission=launched, reason="Merged into another trust")
    launched.refresh_from_db()
    assert launched.is_withdrawn
    assert Deadline.objects.for_subject(launched).get().status == Deadline.Status.CANCELLED
    services.invitation_add(acting_user=business, cycle=cycle, organisations=[launched.organisation])
    launched.refresh_from_db()
    assert not launched.is_withdrawn


def test_a_new_closing_date_moves_every_live_deadline(business, cycle, submission):
    new_date = cycle.closes_on + timedelta(days=14)
    services.cycle_update(
        acting_user=business, cycle=cycle, title=cycle.title, opens_on=cycle.opens_on, closes_on=new_date
    )
    assert Deadline.objects.for_subject(submission).get().due_date == new_date


def test_moderators_are_a_role_on_one_cycle(business, cycle, chair, client_for):
    services.moderators_set(acting_user=business, cycle=cycle, moderators=[chair])
    assert [u.pk for u in moderators_of(cycle)] == [chair.pk]
    assert chair.notifications.filter(title__contains="moderator").exists()
    services.moderators_set(acting_user=business, cycle=cycle, moderators=[])
    assert moderators_of(cycle) == []


def test_completing_needs_every_submitted_return_decided(business, cycle, submission, agency_lead, questions):
    complete(submission, agency_lead, questions)
    submit(submission, agency_lead)
    with pytest.raises(DomainError, match="still waiting"):
        services.cycle_complete(acting_user=business, cycle=cycle)
    submission_services.submission_accept(acting_user=business, submission=submission)
    services.cycle_complete(acting_user=business, cycle=cycle)
    assert cycle.status == AuditCycle.Status.COMPLETE
    police = cycle.submissions.exclude(pk=submission.pk).get()
    assert Deadline.objects.for_subject(police).get().status == Deadline.Status.CANCELLED


def test_challenge_event_takes_organisations_of_its_own_cycle(business, cycle, submission, chair, version):
    other = services.cycle_create(
        acting_user=business, title="Other", version=version, opens_on=_today(), closes_on=_today() + timedelta(days=9)
    )
    stranger = other.submissions.first()
    with pytest.raises(DomainError, match="in this cycle"):
        services.event_save(acting_user=business, cycle=cycle, date=_today(), presenting=[stranger])
    event = services.event_save(
        acting_user=business, cycle=cycle, date=_today(), location="Room 2", presenting=[submission], panel=[chair]
    )
    assert list(event.presenting.all()) == [submission] and list(event.panel.all()) == [chair]


def test_only_the_business_unit_runs_cycles(agency_lead, version):
    with pytest.raises(PermissionDenied):
        services.cycle_create(
            acting_user=agency_lead, title="x", version=version, opens_on=_today(), closes_on=_today()
        )


def test_the_event_form_keeps_what_was_typed_on_a_bad_time(business, cycle, client_for):
    response = client_for(business).post(
        reverse("audits:event-create", args=[cycle.pk]),
        {"date_0": "1", "date_1": "2", "date_2": "2031", "start_time": "25:99", "location": "Civic Centre"},
    )
    assert response.context["form"].errors["start_time"] == ["Enter a time like 09:30 or 14:00"]
    assert 'value="Civic Centre"' in response.content.decode()


def test_cycle_pages_list_invitations_and_paginate(business, cycle, client_for):
    for n in range(60):
        OrganisationFactory(name=f"Extra {n:02}")
    extras = Organisation.objects.filter(name__startswith="Extra")
    services.invitation_add(acting_user=business, cycle=cycle, organisations=list(extras))
    page = client_for(business).get(reverse("audits:cycle-detail", args=[cycle.pk]))
    assert page.status_code == 200
    assert page.context["page"].paginator.num_pages == 2
    assert AuditSubmission.objects.filter(cycle=cycle).count() == 62


def test_the_outsider_is_refused(outsider, cycle, client_for):
    client = client_for(outsider)
    for name in ("cycle-detail", "cycle-heatmap", "cycle-report", "cycle-export"):
        assert client.get(reverse(f"audits:{name}", args=[cycle.pk])).status_code in (403, 404)
