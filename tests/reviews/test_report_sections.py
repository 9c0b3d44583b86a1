"""The yearly report's section on learning from cases (reviews.report_sections): counts,
timeliness and decisions from the records, only public things named, and a bounded number of
queries whatever the number of cases."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviews.models import RapidReview
from reviews.report_sections import learning_from_cases
from scrutiny.periods import year_bounds, year_of

pytestmark = pytest.mark.django_db


def _year():
    return year_bounds(year_of(timezone.localdate()))


def test_the_section_counts_notifications_rapid_reviews_and_decisions(notified_case):
    first = notified_case()
    notified_case(child_pseudonym="Child J")
    RapidReview.objects.filter(pk=first.rapid_review.pk).update(
        decision=RapidReview.Decision.NO_FURTHER_REVIEW, decided_on=timezone.localdate()
    )
    section = learning_from_cases(*_year())
    assert section["has_content"] and section["rapid"]["notified"] == 2
    assert dict(section["decisions"])["No further review"] == 1 and section["decisions_total"] == 1
    html = render_to_string("reviews/report/_learning.html", {**section, "section": section})
    assert "notified the Child Safeguarding Practice Review Panel of 2 serious incidents" in html
    assert "Child H" not in html and "Child J" not in html and first.reference not in html


def test_the_section_runs_the_same_queries_whatever_the_number_of_cases(notified_case):
    start, end = _year()
    notified_case()
    learning_from_cases(start, end)
    with CaptureQueriesContext(connection) as small:
        learning_from_cases(start, end)
    for letter in "KLM":
        notified_case(child_pseudonym=f"Child {letter}", aware_on=timezone.localdate() - timedelta(days=2))
    with CaptureQueriesContext(connection) as large:
        learning_from_cases(start, end)
    assert len(small) == len(large)
