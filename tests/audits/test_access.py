"""Who reaches a return: an organisation's leads only their own (404 for anyone else's, by any
URL, including the evidence files), moderators only their own cycles' returns, report
readers the reports but not the returns, the outsider nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from audits.models import Answer, AuditSubmission
from audits.services import cycles as cycle_services
from audits.services import submissions as services

from .conftest import complete, entry, pdf, submit

pytestmark = pytest.mark.django_db


def _return_urls(submission, question):
    standard = question.standard_id
    return [
        reverse("audits:submission-detail", args=[submission.pk]),
        reverse("audits:submission-standard", args=[submission.pk, standard]),
        reverse("audits:evidence", args=[submission.pk, question.pk]),
        reverse("audits:submission-submit", args=[submission.pk]),
        reverse("audits:submission-history", args=[submission.pk]),
    ]


def test_an_agency_lead_opens_and_answers_only_their_own_organisations_return(
    agency_lead, other_lead, submission, police_submission, questions, client_for
):
    services.evidence_add(acting_user=other_lead, submission=police_submission, question=questions["1.1"], upload=pdf())
    police_evidence = Answer.objects.get(submission=police_submission).evidence.get()
    client = client_for(agency_lead)
    assert client.get(reverse("audits:submission-detail", args=[submission.pk])).status_code == 200
    for url in _return_urls(police_submission, questions["1.1"]):
        assert client.get(url).status_code == 404, url
    assert client.get(police_evidence.document.get_absolute_url()).status_code == 404
    posted = client.post(
        reverse("audits:submission-standard", args=[police_submission.pk, questions["1.1"].standard_id]),
        {f"q{questions['1.1'].pk}_value": "1"},
    )
    assert posted.status_code == 404
    assert (
        client.post(reverse("audits:evidence-remove", args=[police_submission.pk, police_evidence.pk])).status_code
        == 404
    )
    assert client.post(reverse("audits:submission-copy", args=[police_submission.pk])).status_code == 404
    # Guessing: ids that do not exist answer exactly the same.
    assert client.get(reverse("audits:submission-detail", args=[police_submission.pk + 1000])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.answers_save(
            acting_user=agency_lead, submission=police_submission, inputs=[entry(questions["1.1"], rating=1)]
        )
    assert not Answer.objects.filter(submission=police_submission, rating=1).exists()


def test_own_evidence_downloads_for_the_lead_and_not_for_colleagues_without_the_role(
    agency_lead, member, submission, questions, client_for
):
    evidence = services.evidence_add(
        acting_user=agency_lead, submission=submission, question=questions["1.1"], upload=pdf()
    )
    url = evidence.document.get_absolute_url()
    assert client_for(agency_lead).get(url).status_code == 200
    # The member works for the agency but is not one of its leads: the return is need-to-know.
    assert client_for(member).get(url).status_code == 404
    assert client_for(member).get(reverse("audits:submission-detail", args=[submission.pk])).status_code == 404


def test_moderators_see_only_their_own_cycles(business, chair, version, cycle, submission, client_for):
    cycle_services.moderators_set(acting_user=business, cycle=cycle, moderators=[chair])
    today = timezone.localdate()
    other = cycle_services.cycle_launch(
        acting_user=business,
        cycle=cycle_services.cycle_create(
            acting_user=business,
            title="Another cycle",
            version=version,
            opens_on=today,
            closes_on=today + timedelta(days=9),
        ),
    )
    elsewhere = AuditSubmission.objects.get(cycle=other, organisation=submission.organisation)
    client = client_for(chair)
    assert client.get(reverse("audits:cycle-detail", args=[cycle.pk])).status_code == 200
    assert client.get(reverse("audits:submission-detail", args=[submission.pk])).status_code == 200
    for url in (
        reverse("audits:cycle-detail", args=[other.pk]),
        reverse("audits:cycle-heatmap", args=[other.pk]),
        reverse("audits:cycle-export", args=[other.pk]),
        reverse("audits:submission-detail", args=[elsewhere.pk]),
    ):
        assert client.get(url).status_code == 404, url
    listed = client.get(reverse("audits:cycle-list")).context["page"].object_list
    assert [c.pk for c in listed] == [cycle.pk]


def test_a_moderator_cannot_answer_or_decide(business, chair, cycle, submission, agency_lead, questions, client_for):
    cycle_services.moderators_set(acting_user=business, cycle=cycle, moderators=[chair])
    complete(submission, agency_lead, questions)
    submit(submission, agency_lead)
    client = client_for(chair)
    assert client.post(reverse("audits:submission-accept", args=[submission.pk])).status_code == 403
    assert client.get(reverse("audits:submission-return", args=[submission.pk])).status_code == 403
    assert client.get(reverse("audits:submission-moderate", args=[submission.pk])).status_code == 200


def test_a_cycle_being_set_up_is_the_business_units_alone(business, chair, executive, agency_lead, version, client_for):
    today = timezone.localdate()
    setup = cycle_services.cycle_create(
        acting_user=business, title="Draft cycle", version=version, opens_on=today, closes_on=today + timedelta(days=9)
    )
    cycle_services.moderators_set(acting_user=business, cycle=setup, moderators=[chair])
    mine = AuditSubmission.objects.get(cycle=setup, organisation=agency_lead.organisation)
    assert client_for(business).get(reverse("audits:cycle-detail", args=[setup.pk])).status_code == 200
    for user in (chair, executive):
        assert client_for(user).get(reverse("audits:cycle-detail", args=[setup.pk])).status_code == 404
    assert client_for(agency_lead).get(reverse("audits:submission-detail", args=[mine.pk])).status_code == 404


def test_report_readers_see_the_reports_not_the_returns(executive, scrutineer, cycle, submission, client_for):
    for user in (executive, scrutineer):
        client = client_for(user)
        assert client.get(reverse("audits:cycle-heatmap", args=[cycle.pk])).status_code == 200
        assert client.get(reverse("audits:cycle-report", args=[cycle.pk])).status_code == 200
        assert client.get(reverse("audits:cycle-export", args=[cycle.pk])).status_code == 403
        assert client.get(reverse("audits:submission-detail", args=[submission.pk])).status_code == 404


def test_the_outsider_is_refused(outsider, cycle, submission, questions, client_for):
    client = client_for(outsider)
    assert client.get(reverse("audits:home")).status_code == 403
    for url in _return_urls(submission, questions["1.1"]):
        assert client.get(url).status_code in (403, 404), url
