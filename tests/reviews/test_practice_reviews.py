"""Practice reviews: commissioning, the reviewer directory, reports with versions, the
pre-publication copy, publication, findings and recommendations answered by action plans."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import Deadline
from core.services import DomainError
from core.working_days import add_months
from reviews.models import PracticeReview, Reviewer, SeriousIncident
from reviews.services import cases, practice
from subgroups.models import ActionPlan
from tests.factories import UserFactory
from tests.helpers import form_errors
from tests.reviews.conftest import case_fields

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _pdf(tag="a"):
    return SimpleUploadedFile("report.pdf", b"%PDF-1.4 " + tag.encode())


@pytest.fixture
def lcspr(notified_case, business):
    incident = notified_case()
    return practice.practice_review_create(
        acting_user=business,
        kind=PracticeReview.Kind.LCSPR,
        title="Learning about injuries in babies",
        decided_on=timezone.localdate(),
        incident=incident,
    )


def test_a_review_of_a_referral_passes_the_case_on(business, agency_lead, agency, practice_group):
    referral = cases.referral_make(
        acting_user=agency_lead, organisation=agency, referral_reason="Learning", **case_fields()
    )
    review = practice.practice_review_create(
        acting_user=business,
        kind=PracticeReview.Kind.MULTI_AGENCY,
        title="Multi-agency learning about neglect",
        decided_on=timezone.localdate(),
        incident=referral,
    )
    referral.refresh_from_db()
    assert referral.status == SeriousIncident.Status.PASSED_ON
    assert Deadline.objects.for_subject(review).get().rule.key == "practice_review"


def test_the_title_must_not_name_the_childs_pseudonym(notified_case, business):
    incident = notified_case()
    with pytest.raises(DomainError, match="names the child’s pseudonym"):
        practice.practice_review_create(
            acting_user=business,
            kind="lcspr",
            title="LCSPR: Child H",
            decided_on=timezone.localdate(),
            incident=incident,
        )


def test_a_reviewer_with_a_conflict_with_an_involved_agency_cannot_be_commissioned(lcspr, business, agency):
    conflicted = practice.reviewer_save(acting_user=business, name="Pat Conflicted", expertise="Neglect")
    practice.conflict_add(
        acting_user=business,
        reviewer=conflicted,
        organisation=agency,
        description="Was its head of safeguarding",
        declared_on=timezone.localdate(),
    )
    with pytest.raises(DomainError, match="conflict of interest with Testshire Hospitals NHS Trust"):
        practice.practice_review_update(acting_user=business, review=lcspr, reviewer=conflicted)
    away = practice.reviewer_save(
        acting_user=business, name="Sam Away", expertise="Neglect", availability=Reviewer.Availability.UNAVAILABLE
    )
    with pytest.raises(DomainError, match="not available"):
        practice.practice_review_update(acting_user=business, review=lcspr, reviewer=away)
    free = practice.reviewer_save(acting_user=business, name="Jo Free", expertise="Systems reviews")
    practice.practice_review_update(acting_user=business, review=lcspr, reviewer=free)
    assert lcspr.reviewer == free and list(free.reviews.all()) == [lcspr]


def test_the_reviewer_adds_findings_and_reports_and_keeps_every_version(lcspr, business, client_for):
    person = UserFactory(name="Dr Reviewer", roles=["member"])
    reviewer = practice.reviewer_save(acting_user=business, name="Dr Reviewer", expertise="Neglect", user=person)
    practice.practice_review_update(acting_user=business, review=lcspr, reviewer=reviewer)
    client = client_for(person)
    assert client.get(lcspr.get_absolute_url()).status_code == 200
    assert client.get(lcspr.incident.get_absolute_url()).status_code == 200  # the case it came from
    for tag in ("one", "two"):
        response = client.post(
            reverse("reviews:report-upload", args=[lcspr.pk]), {"which": "draft", "upload": _pdf(tag)}
        )
        assert response.status_code == 302
    lcspr.refresh_from_db()
    assert lcspr.draft_report.version == 2 and lcspr.draft_report.previous.version == 1
    response = client.post(reverse("reviews:finding-add", args=[lcspr.pk]), {"text": "Information was not shared"})
    assert response.status_code == 302
    assert lcspr.findings.get().number == 1
    # The reviewer cannot publish or start plans: that is the business unit's.
    assert client.get(reverse("reviews:practice-review-publish", args=[lcspr.pk])).status_code == 403


def test_an_lcspr_is_published_only_after_the_copy_to_the_panel(lcspr, business):
    today = timezone.localdate()
    with pytest.raises(DomainError, match="Upload the final report"):
        practice.practice_review_publish(acting_user=business, review=lcspr, published_on=today)
    practice.report_upload(acting_user=business, review=lcspr, which="final", upload=_pdf())
    with pytest.raises(DomainError, match="Send the final report to the Panel and the Secretary of State"):
        practice.practice_review_publish(acting_user=business, review=lcspr, published_on=today)
    practice.pre_publication_record(acting_user=business, review=lcspr, sent_on=today)
    with pytest.raises(DomainError, match="at least 12 months"):
        practice.practice_review_publish(
            acting_user=business, review=lcspr, published_on=today, may_come_down_on=today + timedelta(days=100)
        )
    # The copy went the same day: publishing now needs the reason it was late.
    with pytest.raises(DomainError, match="enter why it was late"):
        practice.practice_review_publish(acting_user=business, review=lcspr, published_on=today)
    practice.practice_review_publish(
        acting_user=business, review=lcspr, published_on=today, late_copy_reason="The family asked for more time"
    )
    assert lcspr.status == PracticeReview.Status.PUBLISHED
    assert lcspr.may_come_down_on == add_months(today, 12)
    deadlines = {d.rule.key: d for d in Deadline.objects.for_subject(lcspr)}
    assert deadlines["practice_review"].status == Deadline.Status.MET
    assert deadlines["publication_period"].due_date == lcspr.may_come_down_on


def test_the_publication_period_is_at_least_a_year(business, practice_group):
    with time_machine.travel(datetime(2025, 8, 4, 10, tzinfo=LONDON), tick=False):
        review = practice.practice_review_create(
            acting_user=business, kind="thematic", title="Exploitation", decided_on=date(2025, 2, 3)
        )
        practice.report_upload(acting_user=business, review=review, which="final", upload=_pdf())
        practice.practice_review_publish(
            acting_user=business, review=review, published_on=date(2025, 8, 1), may_come_down_on=date(2027, 8, 1)
        )
    assert review.may_come_down_on == date(2027, 8, 1)
    assert Deadline.objects.for_subject(review).get(rule__key="publication_period").due_date == date(2027, 8, 1)
    assert Deadline.objects.for_subject(review).get(rule__key="practice_review").met_on_time is True


def test_a_paused_review_cannot_be_published_and_pausing_needs_a_reason(lcspr, business, client_for):
    response = client_for(business).post(reverse("reviews:practice-review-pause", args=[lcspr.pk]), {"reason": ""})
    assert form_errors(response)["reason"] == ["Enter the reason for pausing the review"]
    practice.practice_review_pause(acting_user=business, review=lcspr, reason="Criminal trial")
    practice.report_upload(acting_user=business, review=lcspr, which="final", upload=_pdf())
    with pytest.raises(DomainError, match="Resume the review"):
        practice.practice_review_publish(acting_user=business, review=lcspr, published_on=timezone.localdate())
    response = client_for(business).post(reverse("reviews:practice-review-resume", args=[lcspr.pk]))
    lcspr.refresh_from_db()
    assert response.status_code == 302 and lcspr.status == PracticeReview.Status.IN_PROGRESS


def test_a_review_other_than_an_lcspr_may_be_completed_without_publication(business, practice_group):
    review = practice.practice_review_create(
        acting_user=business, kind="single_agency", title="Health visiting", decided_on=timezone.localdate()
    )
    practice.report_upload(acting_user=business, review=review, which="final", upload=_pdf())
    practice.practice_review_complete(acting_user=business, review=review, completed_on=timezone.localdate())
    assert review.status == PracticeReview.Status.COMPLETED
    assert Deadline.objects.for_subject(review).get().status == Deadline.Status.MET


def test_each_recommendation_is_answered_by_a_plan_the_practice_review_group_owns(
    lcspr, business, practice_group, client_for
):
    finding = practice.finding_add(acting_user=business, review=lcspr, text="Missed appointments were not followed up")
    recommendation = practice.recommendation_add(
        acting_user=business, review=lcspr, finding=finding, text="Agree a was-not-brought policy"
    )
    response = client_for(business).post(reverse("reviews:recommendation-plan", args=[recommendation.pk]))
    recommendation.refresh_from_db()
    plan = recommendation.plan
    assert response["Location"] == plan.get_absolute_url()
    assert plan.owning_group == practice_group and plan.source == recommendation
    assert plan.status == ActionPlan.Status.DRAFT and "Child H" not in plan.title
    response = client_for(business).post(reverse("reviews:recommendation-plan", args=[recommendation.pk]))
    assert response.status_code == 302 and response["Location"] == lcspr.get_absolute_url()


def test_the_outsider_and_an_agency_member_are_refused_the_review(lcspr, outsider, member, client_for):
    for person in (outsider, member):
        assert client_for(person).get(lcspr.get_absolute_url()).status_code == 404
