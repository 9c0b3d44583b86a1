"""The assurance pages, the home page panel and the dashboard and yearly report sections run a
fixed number of queries however much they hold; the sections count what they should."""

from datetime import date, timedelta
from itertools import count

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import calendar
from scrutiny import assurance_sections as sections
from scrutiny.services import assurance, challenges, escalations, scrutiny, spotlights
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db
numbers = count()


@pytest.fixture
def grow_assurance(business, chair, agency, agency_lead, executive, scrutineer, meeting, effectiveness):
    """Each call adds challenges in every state, escalations at two stages, a scrutiny activity
    with findings and recommendations, assurance requests, an inspection and a spotlight."""
    plan = scrutiny.scrutiny_plan_create(acting_user=scrutineer, year=2026, focus="x")

    def grow():
        for _ in range(2):
            n = next(numbers)
            organisation = OrganisationFactory()
            lead = UserFactory(organisation=organisation, roles=["member"])
            from guardian.shortcuts import assign_perm

            assign_perm("partnership.lead_organisation", lead, organisation)
            opened = challenges.challenge_raise(
                acting_user=business, question=f"Q{n}", directed_to_organisation=organisation, meeting=meeting
            )
            to_group = challenges.challenge_raise(acting_user=chair, question=f"G{n}", directed_to_group=effectiveness)
            challenges.challenge_answer(acting_user=chair, challenge=to_group, response="Answer")
            answered = challenges.challenge_raise(
                acting_user=business, question=f"A{n}", directed_to_organisation=agency
            )
            challenges.challenge_answer(acting_user=agency_lead, challenge=answered, response="Yes")
            challenges.challenge_close(acting_user=business, challenge=answered, assurance_level="assured")
            challenges.challenge_escalate(
                acting_user=business, challenge=opened, stage="manager", who="Managers", summary="No reply"
            )
            escalation = escalations.escalation_start(
                acting_user=lead,
                title=f"Disagreement {n}",
                concern="c",
                stage="practitioner",
                started_on=calendar.today(),
                who="Practitioners",
                summary="s",
                handled_by=UserFactory(),
                raising_organisation=organisation,
                other_organisation=agency,
            )
            escalations.escalation_advance(
                acting_user=lead,
                escalation=escalation,
                outcome="No",
                next_stage="manager",
                started_on=calendar.today(),
                who="Managers",
                summary="s",
                mediator=scrutineer,
            )
            activity = scrutiny.activity_add(
                acting_user=scrutineer, plan=plan, kind="deep_dive", title=f"Dive {n}", planned_date=calendar.today()
            )
            scrutiny.activity_complete(acting_user=scrutineer, activity=activity, done_on=calendar.today())
            finding = scrutiny.finding_add(acting_user=scrutineer, activity=activity, kind="strength", text="Good")
            recommendation = scrutiny.recommendation_add(
                acting_user=scrutineer, activity=activity, text="Do more", finding=finding
            )
            scrutiny.recommendation_add(acting_user=scrutineer, activity=activity, text="Do less")
            scrutiny.recommendation_respond(
                acting_user=executive, recommendation=recommendation, decision="accepted", response="Yes"
            )
            request = assurance.request_create(acting_user=business, organisation=agency, topic=f"T{n}", detail="d")
            assurance.request_receive(
                acting_user=agency_lead, request=request, upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4 r")
            )
            assurance.request_create(acting_user=business, organisation=organisation, topic=f"U{n}", detail="d")
            assurance.inspection_record(
                acting_user=business,
                kind="cqc",
                title=f"Inspection {n}",
                report_date=calendar.today(),
                organisations=[agency, organisation],
                summary="s",
                monitoring_group=effectiveness,
            )
            spotlight = spotlights.spotlight_create(
                acting_user=business, theme=f"Theme {n}", authors=[agency_lead, lead], meeting=meeting
            )
            spotlights.question_add(acting_user=business, spotlight=spotlight, text="Q1")
            spotlights.question_add(acting_user=business, spotlight=spotlight, text="Q2")
            spotlights.spotlight_answers_save(
                acting_user=lead,
                spotlight=spotlight,
                answers={q.pk: "A" for q in spotlight.questions.all()},
                submit=True,
            )

    grow.plan = plan
    return grow


def test_the_challenge_log_is_constant(grow_assurance, business, agency_lead, client_for):
    assert_constant_queries(client_for(business), reverse("scrutiny:challenge-list"), grow_assurance)
    assert_constant_queries(
        client_for(agency_lead), reverse("scrutiny:challenge-list") + "?status=answered", grow_assurance
    )
    assert_constant_queries(client_for(business), reverse("scrutiny:challenge-minuted"), grow_assurance)


def test_the_escalation_list_is_constant(grow_assurance, business, agency_lead, client_for):
    assert_constant_queries(client_for(business), reverse("scrutiny:escalation-list") + "?status=", grow_assurance)
    assert_constant_queries(client_for(agency_lead), reverse("scrutiny:escalation-list"), grow_assurance)


def test_detail_pages_are_constant(grow_assurance, business, meeting, client_for, scrutineer, agency_lead):
    client = client_for(business)
    challenge = challenges.challenge_raise(
        acting_user=business, question="Q", directed_to_organisation=agency_lead.organisation, meeting=meeting
    )
    escalation = challenges.challenge_escalate(
        acting_user=business, challenge=challenge, stage="practitioner", who="w", summary="s"
    )

    def grow():
        grow_assurance()
        for stage in ("manager", "senior_manager", "partnership", "executive"):
            if escalation.stage != stage and stage in dict(escalation.later_stages()):
                escalations.escalation_advance(
                    acting_user=business,
                    escalation=escalation,
                    outcome="o",
                    next_stage=stage,
                    started_on=calendar.today(),
                    who="w",
                    summary="s",
                    mediator=scrutineer,
                )
                break

    assert_constant_queries(client, escalation.get_absolute_url(), grow)
    assert_constant_queries(client, reverse("scrutiny:challenge-meeting", args=[meeting.pk]), grow_assurance)
    assert_constant_queries(client, grow_assurance.plan.get_absolute_url(), grow_assurance)
    assert_constant_queries(client, reverse("scrutiny:scrutiny-plan-list"), grow_assurance)


def test_other_lists_and_the_home_page_are_constant(grow_assurance, business, agency_lead, executive, client_for):
    for url in ("request-list", "inspection-list", "spotlight-list"):
        assert_constant_queries(client_for(business), reverse(f"scrutiny:{url}"), grow_assurance)
    assert_constant_queries(client_for(agency_lead), reverse("core:home"), grow_assurance)
    assert_constant_queries(client_for(executive), reverse("core:home"), grow_assurance)


def _queries(function, *args) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = function(*args)
    return len(captured), result


def test_dashboard_and_report_sections_are_query_bounded(grow_assurance, executive):
    request = RequestFactory().get("/")
    request.user = executive
    start, end = calendar.today() - timedelta(days=200), calendar.today() + timedelta(days=1)
    grow_assurance()
    small = [_queries(s.context, request)[0] for s in sections.DASHBOARD_SECTIONS]
    small += [_queries(s.context, start, end)[0] for s in sections.REPORT_SECTIONS]
    grow_assurance()
    grow_assurance()
    large = [_queries(s.context, request)[0] for s in sections.DASHBOARD_SECTIONS]
    large += [_queries(s.context, start, end)[0] for s in sections.REPORT_SECTIONS]
    assert small == large


def test_the_sections_count_what_they_should(grow_assurance, executive, member):
    grow_assurance()  # two of everything
    request = RequestFactory().get("/")
    request.user = executive
    escalation_block = sections.escalations_context(request)
    assert escalation_block["total"] == 4  # two escalated challenges, two recorded directly (now at manager)
    assert {s["label"]: s["count"] for s in escalation_block["stages"]}["Manager"] == 4
    challenge_block = sections.challenges_context(request)
    assert (challenge_block["awaiting"], challenge_block["answered"]) == (0, 2)
    recommendations = sections.recommendations_context(request)
    assert recommendations["total"] == 2
    request.user = member
    assert sections.escalations_context(request) is None
    today = calendar.today()
    report = sections.challenges_and_escalations(today - timedelta(days=1), today)
    assert report["challenges"]["total"] == 6 and report["challenges"]["assured"] == 2
    assert report["challenges"]["escalated"] == 2 and report["escalations"]["total"] == 4
    scrutiny_part = sections.independent_scrutiny(today - timedelta(days=1), today)
    assert len(scrutiny_part["activities"]) == 2 and len(scrutiny_part["recommendations"]) == 4
    assert scrutiny_part["counts"].accepted == 2
    inspections = sections.inspections_and_assurance(today - timedelta(days=1), today)
    assert len(inspections["inspections"]) == 2 and len(inspections["requests"]) == 4
    empty = sections.independent_scrutiny(date(2001, 4, 1), date(2002, 3, 31))
    assert not empty["has_content"]


def test_the_dashboard_page_shows_the_sections(grow_assurance, executive, client_for):
    grow_assurance()
    page = client_for(executive).get(reverse("scrutiny:dashboard"))
    content = page.content.decode()
    assert page.status_code == 200
    for title in ("Open escalations", "Challenges awaiting a response", "Recommendations awaiting the Executive"):
        assert title in content
