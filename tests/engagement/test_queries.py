"""The survey results (within the page budget) and the "you said, we did" log run a fixed number
of queries however many responses, agencies, roles and entries they hold."""

from itertools import count

import pytest
from django.urls import reverse

from engagement.services import surveys as services
from tests.factories import OrganisationFactory
from tests.helpers import assert_constant_queries, assert_query_budget

from .builders import answer_publicly, published_survey, today, you_said

pytestmark = pytest.mark.django_db
numbers = count()


def test_survey_results_compared_with_the_previous_run_keep_to_the_budget(business, client_for):
    first = published_survey(business)
    answer_publicly(first, 6, single=1, scale=2, text="Earlier comment")
    first = services.survey_close(acting_user=business, survey=first)
    second = services.survey_rerun(acting_user=business, survey=first, opens_on=today(), closes_on=today())
    second = services.survey_publish(acting_user=business, survey=second)

    def grow():
        for role in ("health", "police"):
            organisation = OrganisationFactory(name=f"Agency {next(numbers)}")
            answer_publicly(second, 5, organisation=organisation, role=role, single=2, scale=4, multiple=(0, 2))

    assert_query_budget(client_for(business), reverse("engagement:survey-results", args=[second.pk]), grow)


def test_you_said_log_is_constant(business, chair, voice_group, client_for):
    def grow():
        for _ in range(4):
            you_said(business, summary=f"Heard {next(numbers)}", group=voice_group)

    assert_constant_queries(client_for(chair), reverse("engagement:yousaid-list"), grow)
