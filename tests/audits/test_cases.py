"""Multi-agency thematic case audits: planning (agencies told, returns on the clock), cases
known only by pseudonym, each agency answering for each case (its own answers only), graded
findings, learning and the action plan."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditCase, CaseAudit, CaseReturn, Question
from audits.selectors.cases import case_audit_plan
from audits.services import cases as services
from core.models import AccessLog, Deadline
from core.services import DomainError

from .builders import make_case_tool
from .conftest import entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def tool(business):
    return make_case_tool(business).versions.get()


@pytest.fixture
def case_audit(business, tool, agency, other_org, agency_lead, other_lead):
    return services.case_audit_create(
        acting_user=business,
        title="Neglect in under-fives",
        theme="Neglect",
        tool=tool,
        scope="Four children on a plan for neglect",
        returns_due=timezone.localdate() + timedelta(days=14),
        participants=[agency, other_org],
    )


@pytest.fixture
def case(business, case_audit):
    return services.case_save(acting_user=business, case_audit=case_audit, pseudonym="Child A", context="Aged 2")


@pytest.fixture
def tool_questions(tool):
    return {q.reference: q for q in Question.objects.filter(standard__version=tool)}


def test_planning_tells_each_agency_and_puts_its_returns_on_the_clock(case_audit, agency, agency_lead):
    deadline = Deadline.objects.for_subject(case_audit).get(responsible_organisation=agency)
    assert deadline.due_date == case_audit.returns_due and list(deadline.responsible_users.all()) == [agency_lead]
    assert agency_lead.notifications.filter(title__contains="case audit").exists()


def test_a_self_assessment_framework_is_not_a_case_audit_tool(business, version, agency):
    with pytest.raises(DomainError, match="case audit tool"):
        services.case_audit_create(
            acting_user=business,
            title="x",
            theme="x",
            tool=version,
            scope="x",
            returns_due=timezone.localdate(),
            participants=[agency],
        )


def test_an_agency_answers_for_its_own_organisation_only(
    case, agency, other_org, agency_lead, other_lead, tool_questions
):
    with pytest.raises(PermissionDenied):
        services.case_answers_save(
            acting_user=agency_lead, case=case, organisation=other_org, inputs=[entry(tool_questions["1.1"], rating=1)]
        )
    with pytest.raises(services.CaseReturnIncomplete) as refused:
        services.case_return_submit(acting_user=agency_lead, case=case, organisation=agency)
    assert [p.message for p in refused.value.problems] == ["Question 1.1: select a rating"]
    services.case_answers_save(
        acting_user=agency_lead, case=case, organisation=agency, inputs=[entry(tool_questions["1.1"], rating=2)]
    )
    services.case_return_submit(acting_user=agency_lead, case=case, organisation=agency)
    case_return = CaseReturn.objects.get(case=case, organisation=agency)
    assert case_return.status == CaseReturn.Status.SUBMITTED
    assert Deadline.objects.for_subject(case.case_audit).get(responsible_organisation=agency).status == "met"
    with pytest.raises(DomainError, match="submitted"):
        services.case_answers_save(
            acting_user=agency_lead, case=case, organisation=agency, inputs=[entry(tool_questions["1.1"], rating=3)]
        )


def test_the_return_pages_are_each_agencys_own(case, agency, other_org, agency_lead, other_lead, business, client_for):
    mine = reverse("audits:case-return", args=[case.pk, agency.pk])
    theirs = reverse("audits:case-return", args=[case.pk, other_org.pk])
    assert client_for(agency_lead).get(mine).status_code == 200
    assert client_for(agency_lead).get(theirs).status_code == 404
    assert client_for(business).get(theirs).status_code == 200
    assert AccessLog.objects.filter(subject_type__model="auditcase", subject_id=case.pk).count() == 2


def test_the_return_page_saves_a_draft_then_submits(case, agency, agency_lead, tool_questions, client_for):
    client = client_for(agency_lead)
    url = reverse("audits:case-return", args=[case.pk, agency.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    refused = client.post(url, {**data, "submit": "1"})
    assert "Question 1.1: select a rating" in refused.content.decode()
    data[f"q{tool_questions['1.1'].pk}_value"] = "1"
    data[f"q{tool_questions['1.2'].pk}_text"] = "A shared chronology"
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    assert client.post(url, {**data, "submit": "1"}).status_code == 302
    assert CaseReturn.objects.get(case=case, organisation=agency).status == "submitted"


def test_findings_are_agreed_once_every_case_is_graded(business, case_audit, case):
    with pytest.raises(DomainError, match="Child A not graded yet"):
        services.case_audit_complete(acting_user=business, case_audit=case_audit)
    services.case_grade(
        acting_user=business,
        case=case,
        grade=AuditCase.Grade.REQUIRES_IMPROVEMENT,
        findings="Late sharing",
        learning="",
    )
    with pytest.raises(DomainError, match="summary of findings"):
        services.case_audit_complete(acting_user=business, case_audit=case_audit)
    services.case_audit_findings_save(
        acting_user=business, case_audit=case_audit, summary="Signs were seen late", learning="Use the profile early"
    )
    services.case_audit_complete(acting_user=business, case_audit=case_audit)
    case_audit.refresh_from_db()
    assert case_audit.status == CaseAudit.Status.COMPLETE
    assert not Deadline.objects.for_subject(case_audit).live().exists()
    with pytest.raises(DomainError, match="cannot be changed"):
        services.case_save(acting_user=business, case_audit=case_audit, pseudonym="Child B", context="")


def test_the_audits_actions_go_in_a_plan_the_chosen_group_owns(business, case_audit, effectiveness, client_for):
    response = client_for(business).post(
        reverse("audits:case-audit-plan", args=[case_audit.pk]), {"owning_group": effectiveness.pk}
    )
    plan = case_audit_plan(case_audit)
    assert response["Location"] == plan.get_absolute_url()
    assert plan.owning_group == effectiveness and plan.source == case_audit


def test_a_case_grade_needs_findings(business, case, client_for):
    response = client_for(business).post(reverse("audits:case-grade", args=[case.pk]), {"grade": "good"})
    assert response.context["form"].errors["findings"] == ["Enter the findings for the case"]


def test_an_agency_not_taking_part_and_the_outsider_are_refused(case, case_audit, member, outsider, client_for):
    for user in (member, outsider):
        client = client_for(user)
        assert client.get(reverse("audits:case-audit-detail", args=[case_audit.pk])).status_code in (403, 404)
        assert client.get(reverse("audits:case-detail", args=[case.pk])).status_code in (403, 404)


def test_a_case_audit_is_due_for_retention_fifteen_years_after_its_findings_and_never_before(
    case_audit, case, business
):
    from dateutil.relativedelta import relativedelta

    from core import retention

    def due(today):
        return set(retention.due("case_audits", today=today).values_list("pk", flat=True))

    assert due(timezone.localdate() + relativedelta(years=40)) == set()  # still auditing
    case.grade = AuditCase.Grade.choices[0][0]
    case.save()
    case_audit.summary, case_audit.learning = "Findings", "Learning"
    case_audit.save()
    services.case_audit_complete(acting_user=business, case_audit=case_audit)
    agreed = timezone.localdate()
    assert due(agreed + relativedelta(years=14)) == set()
    assert due(agreed + relativedelta(years=15, days=1)) == {case_audit.pk}
    description = retention.record_type("case_audits").describe(case_audit)
    assert case.pseudonym not in description and str(case_audit.pk) in description
