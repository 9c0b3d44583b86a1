"""Learning from reviews reaches training: a theme or finding marked "training to change", the
course that takes it up, and the counts of attendance since, on both sides' pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import learning
from core.models import LearningToChange, Notification
from core.roles import Role
from core.services import DomainError
from reviews.services import learning as review_learning
from tests.factories import UserFactory
from training.services import courses as course_services

from .builders import make_booking, make_course, make_session

pytestmark = pytest.mark.django_db
TRAINING = LearningToChange.Change.TRAINING


@pytest.fixture
def theme(business):
    return review_learning.theme_save(acting_user=business, name="Professional curiosity")


def test_marking_learning_tells_the_business_unit_and_a_course_takes_it_up(
    business, executive, practitioner, theme, client_for
):
    colleague = UserFactory(roles=[Role.BUSINESS_UNIT])
    mark = learning.learning_mark(acting_user=business, subject=theme, change=TRAINING, note="Test what we are told")
    told = Notification.objects.get(recipient=colleague, kind="learning_marked")
    assert told.title == "Training to change: Learning theme: Professional curiosity"
    assert told.url == reverse("training:learning-list")
    with pytest.raises(DomainError, match="already marked"):
        learning.learning_mark(acting_user=business, subject=theme, change=TRAINING)
    LearningToChange.objects.filter(pk=mark.pk).update(marked_at=timezone.now() - timedelta(days=30))

    course = make_course(business, title="Professional curiosity")
    course_services.course_save(acting_user=business, course=course, learning=[mark])
    for days_ago in (1, 40):  # one session after the learning was marked, one before
        session = make_session(business, course, day=timezone.localdate() - timedelta(days=days_ago), past=True)
        make_booking(practitioner, session, attendance="attended")

    item = learning.marks_for([theme], user=executive)[theme.pk]
    assert [u.label for u in item.uptakes] == ["Professional curiosity (Level 2: working together)"]
    assert item.uptakes[0].detail.startswith("1 person attended since")
    assert item.uptakes[0].url == course.get_absolute_url()
    with pytest.raises(DomainError, match="taken up"):
        learning.learning_unmark(acting_user=business, mark=mark)

    page = client_for(executive).get(reverse("reviews:theme-list"))
    assert "Taken up by" in page.content.decode()
    assert course.title in page.content.decode()


def test_a_mark_nobody_took_up_can_be_taken_back(business, theme):
    mark = learning.learning_mark(acting_user=business, subject=theme, change=TRAINING)
    learning.learning_unmark(acting_user=business, mark=mark)
    assert not LearningToChange.objects.exists()


def test_the_business_unit_marks_a_finding_from_the_review_page(business, client_for, theme):
    from reviews.services import practice

    review = practice.practice_review_create(
        acting_user=business, kind="thematic", title="Thematic review of neglect", decided_on=timezone.localdate()
    )
    finding = practice.finding_add(acting_user=business, review=review, text="Nobody asked the child")
    client = client_for(business)
    page = client.get(review.get_absolute_url())
    mark_url = reverse("core:learning-mark", args=["finding", finding.pk, "training"])
    assert mark_url in page.content.decode()
    response = client.post(mark_url, {"note": "Direct work with children"})
    assert response.status_code == 302
    mark = LearningToChange.objects.get()
    assert mark.subject == finding
    described = learning.marked([mark], user=business)[0]
    assert described.description == f"Finding 1 of practice review {review.reference}"
    assert "Nobody asked" not in described.description  # the text stays in the review


def test_a_course_form_offers_only_marked_learning(business, theme, client_for):
    learning.learning_mark(acting_user=business, subject=theme, change=TRAINING)
    page = client_for(business).get(reverse("training:course-create"))
    assert "Learning theme: Professional curiosity" in page.content.decode()
