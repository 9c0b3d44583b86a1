"""The pipeline and the review pages run a fixed number of queries however much they hold."""

from datetime import timedelta
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from reviews.selectors import practice as practice_reads
from reviews.selectors import rapid as rapid_reads
from reviews.services import cases, practice, rapid
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_constant_queries
from tests.reviews.conftest import case_fields

pytestmark = pytest.mark.django_db
numbers = count()


def _grow_cases(business, agency):
    """A case in each stage, and a practice review in progress and one paused."""
    today = timezone.localdate()

    def grow():
        for _ in range(2):
            n = next(numbers)
            due = cases.incident_record(
                acting_user=business, **case_fields(child_pseudonym=f"Child {n}", agencies=[agency])
            )
            notified = cases.incident_record(acting_user=business, **case_fields(child_pseudonym=f"Child N{n}"))
            cases.incident_notify(acting_user=business, incident=notified, notified_on=today)
            review = notified.rapid_review
            rapid.panel_set(
                acting_user=business,
                rapid_review=review,
                chair=UserFactory(roles=[Role.MEMBER]),
                members=[UserFactory(roles=[Role.MEMBER]), UserFactory(roles=[Role.MEMBER])],
            )
            rapid.returns_request(acting_user=business, rapid_review=review, organisations=[OrganisationFactory()])
            cases.referral_make(acting_user=business, organisation=agency, referral_reason="Learning", **case_fields())
            lcspr = practice.practice_review_create(
                acting_user=business, kind="lcspr", title=f"Review {n}", decided_on=today, incident=notified
            )
            practice.milestone_save(acting_user=business, review=lcspr, title="Event", due_on=today + timedelta(days=9))
            paused = practice.practice_review_create(
                acting_user=business, kind="thematic", title=f"Theme {n}", decided_on=today
            )
            practice.practice_review_pause(acting_user=business, review=paused, reason="Criminal proceedings")
            assert due.pk

    return grow


def test_the_pipeline_is_constant(business, agency, practice_group, client_for):
    assert_constant_queries(client_for(business), reverse("reviews:pipeline"), _grow_cases(business, agency))


def test_the_pipeline_for_an_executive_is_constant(business, executive, agency, practice_group, client_for):
    assert_constant_queries(client_for(executive), reverse("reviews:pipeline"), _grow_cases(business, agency))


def test_the_case_list_is_constant(business, agency, practice_group, client_for):
    assert_constant_queries(client_for(business), reverse("reviews:incident-list"), _grow_cases(business, agency))


def test_the_practice_review_list_and_the_home_page_are_constant(business, agency, practice_group, client_for):
    grow = _grow_cases(business, agency)
    client = client_for(business)
    assert_constant_queries(client, reverse("reviews:practice-review-list"), grow)
    assert_constant_queries(client, reverse("core:home"), grow)


def test_the_rapid_review_page_is_constant(rapid_review, business, agency, practice_group, client_for):
    def grow():
        for _ in range(3):
            n = next(numbers)
            rapid.panel_set(
                acting_user=business,
                rapid_review=rapid_review,
                chair=rapid_reads.panel_of(rapid_review)["chair"],
                members=[
                    *rapid_reads.panel_of(rapid_review)["members"],
                    UserFactory(organisation=OrganisationFactory(), roles=[Role.MEMBER]),
                ],
            )
            rapid.panel_meeting_add(acting_user=business, rapid_review=rapid_review, date=timezone.localdate())
            rapid.returns_request(
                acting_user=business, rapid_review=rapid_review, organisations=[OrganisationFactory()]
            )
            rapid.safety_action_add(
                acting_user=business,
                rapid_review=rapid_review,
                description=f"Action {n}",
                owner=UserFactory(),
                owner_organisation=OrganisationFactory(),
                due_date=timezone.localdate(),
            )

    assert_constant_queries(client_for(business), rapid_review.get_absolute_url(), grow)


def test_the_practice_review_page_is_constant(notified_case, business, practice_group, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reviews.services import learning

    incident = notified_case()
    review = practice.practice_review_create(
        acting_user=business, kind="lcspr", title="Learning", decided_on=timezone.localdate(), incident=incident
    )
    reviewer = practice.reviewer_save(acting_user=business, name="Reviewer", expertise="Neglect")
    practice.practice_review_update(acting_user=business, review=review, reviewer=reviewer)

    def grow():
        for _ in range(3):
            n = next(numbers)
            theme = learning.theme_save(acting_user=business, name=f"Theme {n}")
            finding = practice.finding_add(acting_user=business, review=review, text=f"Finding {n}", themes=[theme])
            recommendation = practice.recommendation_add(
                acting_user=business, review=review, finding=finding, text=f"Recommendation {n}"
            )
            practice.recommendation_plan_start(acting_user=business, recommendation=recommendation)
            practice.milestone_save(
                acting_user=business, review=review, title=f"Milestone {n}", due_on=timezone.localdate()
            )
            practice.report_upload(
                acting_user=business, review=review, which="draft", upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4 d")
            )
            practice.conflict_add(
                acting_user=business, reviewer=reviewer, description="x", declared_on=timezone.localdate()
            )
        practice.practice_panel_set(
            acting_user=business,
            review=review,
            members=[*practice_reads.review_panel(review), UserFactory(roles=[Role.MEMBER])],
        )

    assert_constant_queries(client_for(business), review.get_absolute_url(), grow)
