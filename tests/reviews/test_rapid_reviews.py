"""Rapid reviews: the panel, agency returns, immediate safety actions, the decision, the
Panel, and the report in the shape the Panel expects."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.models import Deadline, Notification
from core.services import DomainError
from reviews.models import AgencyReturn, RapidReview, SeriousIncident
from reviews.report import render_rapid_review
from reviews.selectors import rapid as rapid_reads
from reviews.services import rapid
from subgroups.models import ActionPlan
from subgroups.services import plans as plan_services
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import form_errors, post_edit

pytestmark = pytest.mark.django_db


def _decide(business, review, reasons="The criteria for a local review are met"):
    return rapid.rapid_review_decide(
        acting_user=business,
        rapid_review=review,
        decision=RapidReview.Decision.LCSPR,
        decision_reasons=reasons,
        decided_on=timezone.localdate(),
    )


def test_the_panel_is_set_and_told(rapid_review, business, chair, member, django_capture_on_commit_callbacks):
    rapid.panel_set(acting_user=business, rapid_review=rapid_review, chair=chair, members=[member])
    panel = rapid_reads.panel_of(rapid_review)
    assert panel == {"chair": chair, "members": [member]}
    assert Notification.objects.filter(recipient=member, title__contains=rapid_review.incident.reference).exists()
    assert not Notification.objects.filter(title__contains="Child H").exists()
    rapid.panel_set(acting_user=business, rapid_review=rapid_review, chair=chair, members=[])
    assert rapid_reads.panel_of(rapid_review)["members"] == []
    assert "Panel: chair" in rapid_review.history.first().history_change_reason


def test_an_agency_lead_answers_their_agencys_return_and_meets_its_deadline(
    rapid_review, business, agency, agency_lead, client_for
):
    agency_return = rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency])[0]
    deadline = Deadline.objects.for_subject(agency_return).get()
    assert deadline.rule.key == "rapid_review_return" and list(deadline.responsible_users.all()) == [agency_lead]
    assert Notification.objects.filter(recipient=agency_lead, url=agency_return.get_absolute_url()).exists()
    client = client_for(agency_lead)
    page = client.get(agency_return.get_absolute_url())
    assert page.status_code == 200 and "Child H" in page.content.decode()
    assert "unexplained injuries" not in page.content.decode()  # no case summary on the return
    response = post_edit(client, agency_return.get_absolute_url(), {"chronology": "", "analysis": ""})
    assert form_errors(response) == {
        "chronology": ["Enter your agency’s chronology"],
        "analysis": ["Enter your agency’s analysis"],
    }
    response = post_edit(
        client,
        agency_return.get_absolute_url(),
        {
            "chronology": "12 May: seen by the health visitor.",
            "analysis": "Weight loss was not escalated.",
            "upload": SimpleUploadedFile("chronology.pdf", b"%PDF-1.4 chronology"),
        },
    )
    assert response.status_code == 302
    agency_return.refresh_from_db()
    assert agency_return.status == AgencyReturn.Status.SUBMITTED and agency_return.document.version == 1
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET
    # The lead still cannot open the rapid review itself.
    assert client.get(rapid_review.get_absolute_url()).status_code == 404


def test_another_agencys_lead_cannot_answer(rapid_review, business, agency, client_for):
    other = OrganisationFactory()
    other_lead = UserFactory(organisation=other, roles=["member"])
    from guardian.shortcuts import assign_perm

    assign_perm("partnership.lead_organisation", other_lead, other)
    agency_return = rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency])[0]
    with pytest.raises(PermissionDenied):
        rapid.return_submit(acting_user=other_lead, agency_return=agency_return, chronology="x", analysis="y")
    assert client_for(other_lead).get(agency_return.get_absolute_url()).status_code == 404


def test_returns_are_not_requested_twice_nor_due_in_the_past(rapid_review, business, agency):
    rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency])
    with pytest.raises(DomainError, match="already been asked"):
        rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency])
    with pytest.raises(DomainError, match="cannot be in the past"):
        rapid.returns_request(
            acting_user=business,
            rapid_review=rapid_review,
            organisations=[OrganisationFactory()],
            due_date=timezone.localdate() - timedelta(days=1),
        )


def test_an_immediate_safety_action_is_an_action_in_the_practice_review_groups_plan(
    rapid_review, business, chair, member, practice_group
):
    action = rapid.safety_action_add(
        acting_user=business,
        rapid_review=rapid_review,
        description="Strategy meeting for the siblings",
        owner=member,
        owner_organisation=None,
        due_date=timezone.localdate() + timedelta(days=2),
    )
    rapid_review.refresh_from_db()
    plan = rapid_review.safety_plan
    assert action.plan == plan and plan.owning_group == practice_group and plan.source == rapid_review
    assert "Child H" not in plan.title
    plan_services.plan_submit(acting_user=business, plan=plan)
    with pytest.raises(DomainError, match="with the practice review sub-group’s chair"):
        rapid.safety_action_add(
            acting_user=business,
            rapid_review=rapid_review,
            description="Another",
            owner=member,
            owner_organisation=None,
            due_date=timezone.localdate(),
        )
    plan_services.plan_approve(acting_user=chair, plan=plan)
    assert Deadline.objects.for_subject(action).get().responsible_users.get() == member
    assert plan.status == ActionPlan.Status.IN_PROGRESS


def test_the_decision_needs_reasons(rapid_review, chair, client_for):
    today = timezone.localdate()
    response = post_edit(
        client_for(chair),
        reverse("reviews:rapid-review-decide", args=[rapid_review.pk]),
        {
            "decision": "lcspr",
            "decision_reasons": "   ",
            "decided_on_0": today.day,
            "decided_on_1": today.month,
            "decided_on_2": today.year,
        },
    )
    assert form_errors(response)["decision_reasons"] == ["Enter the reasons for the decision"]
    with pytest.raises(DomainError, match="Enter the reasons"):
        rapid.rapid_review_decide(
            acting_user=chair, rapid_review=rapid_review, decision="lcspr", decision_reasons="", decided_on=today
        )
    _decide(chair, rapid_review)
    rapid_review.refresh_from_db()
    assert rapid_review.decision == "lcspr"


def test_a_panel_member_who_is_not_the_chair_reads_but_does_not_decide(rapid_review, business, chair, member):
    rapid.panel_set(acting_user=business, rapid_review=rapid_review, chair=chair, members=[member])
    with pytest.raises(PermissionDenied):
        _decide(member, rapid_review)


def test_sending_to_the_panel_is_refused_before_the_incident_and_before_a_decision(rapid_review, business, client_for):
    incident = rapid_review.incident
    with pytest.raises(DomainError, match="Record the panel’s decision"):
        rapid.rapid_review_send(acting_user=business, rapid_review=rapid_review, sent_on=timezone.localdate())
    _decide(business, rapid_review)
    before = incident.incident_on - timedelta(days=1)
    response = client_for(business).post(
        reverse("reviews:rapid-review-send", args=[rapid_review.pk]),
        {"sent_on_0": before.day, "sent_on_1": before.month, "sent_on_2": before.year},
    )
    assert response.status_code == 200
    assert "cannot be before the incident" in response.context["form"].non_field_errors()[0]
    rapid.rapid_review_send(acting_user=business, rapid_review=rapid_review, sent_on=timezone.localdate())
    rapid_review.refresh_from_db()
    assert rapid_review.status == RapidReview.Status.SENT
    assert Deadline.objects.for_subject(rapid_review).get(rule__key="rapid_review").status == Deadline.Status.MET


def test_the_panels_response_completes_the_rapid_review(rapid_review, business):
    _decide(business, rapid_review)
    today = timezone.localdate()
    rapid.rapid_review_send(acting_user=business, rapid_review=rapid_review, sent_on=today)
    with pytest.raises(DomainError, match="before the rapid review was sent"):
        rapid.panel_response_record(
            acting_user=business,
            rapid_review=rapid_review,
            panel_response="agrees",
            panel_response_on=today - timedelta(days=1),
        )
    rapid.panel_response_record(
        acting_user=business, rapid_review=rapid_review, panel_response="agrees", panel_response_on=today
    )
    rapid_review.incident.refresh_from_db()
    assert rapid_review.status == RapidReview.Status.COMPLETE
    assert rapid_review.incident.status == SeriousIncident.Status.REVIEWED
    assert Deadline.objects.for_subject(rapid_review).get(rule__key="panel_response").status == Deadline.Status.MET


def test_the_rapid_review_report_pdf_has_the_panels_sections(rapid_review, business, chair, member, agency):
    rapid.panel_set(acting_user=business, rapid_review=rapid_review, chair=chair, members=[member])
    rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency])
    rapid.rapid_review_update(
        acting_user=business,
        rapid_review=rapid_review,
        facts="Child H lived with mother and two siblings.",
        practice_episodes="Three missed health appointments.",
        learning="Professional curiosity about missed appointments.",
        context="English was not the family’s first language.",
    )
    rapid.safety_action_add(
        acting_user=business,
        rapid_review=rapid_review,
        description="Check the siblings are safe",
        owner=member,
        owner_organisation=None,
        due_date=timezone.localdate(),
    )
    rapid.rapid_review_decide(
        acting_user=business,
        rapid_review=rapid_review,
        decision=RapidReview.Decision.LCSPR,
        decision_reasons="Serious harm and concerns about how agencies worked together",
        decided_on=timezone.localdate(),
        decide_without_returns=True,  # the agency's return is still awaited
    )
    reader = PdfReader(io.BytesIO(render_rapid_review(rapid_review)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
        "Rapid review",
        "Child H",
        f"Case {rapid_review.incident.reference}",
        "The facts",
        "Three missed health appointments",
        "Immediate safety actions",
        "Check the siblings are safe",
        "Context: race, culture, inequality and disability",
        "English was not the family",
        "Local child safeguarding practice review",
        "concerns about how agencies worked together",
        str(agency),
        chair.name,
    ):
        assert expected in text, expected


def test_the_pdf_download_is_logged_as_an_export(rapid_review, chair, client_for):
    response = client_for(chair).get(reverse("reviews:rapid-review-pdf", args=[rapid_review.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from core.access_log import access_log_for

    row = access_log_for(rapid_review).get()
    assert row.user == chair and row.action == "export"
