"""A small framework (two standards, one question of each kind), a launched cycle with the
cast's agency and one other organisation invited, a second lead for the agency, and the
effectiveness sub-group chaired by the cast's chair."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from guardian.shortcuts import assign_perm

from audits.forms.answers import EMPTY_DIGEST
from audits.models import AuditSubmission, Question
from audits.services import cycles as cycle_services
from audits.services.answering import AnswerInput
from core.roles import Role
from partnership.models import Organisation
from subgroups.models import PartnershipGroup
from subgroups.services import groups as group_services
from tests.factories import OrganisationFactory, UserFactory

from .builders import make_framework, senior_officer, submit  # noqa: F401 - shared with the test modules

PDF = b"%PDF-1.4\n% evidence\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def framework(business):
    return make_framework(business)


@pytest.fixture
def version(framework):
    return framework.versions.get(number=1)


@pytest.fixture
def questions(version):
    return {q.reference: q for q in Question.objects.filter(standard__version=version)}


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Testshire Police", kind="police")


@pytest.fixture
def other_lead(other_org):
    user = UserFactory(
        email="police.lead@test.example.org", name="Pat Police", organisation=other_org, roles=[Role.MEMBER]
    )
    assign_perm("partnership.lead_organisation", user, other_org)
    return user


@pytest.fixture
def second_lead(agency):
    user = UserFactory(email="lead2@test.example.org", name="Jo Second", organisation=agency, roles=[Role.MEMBER])
    assign_perm("partnership.lead_organisation", user, agency)
    return user


@pytest.fixture
def cycle(business, council, version, agency_lead, other_lead):
    """Launched: the agency and the police are invited (the cast's council has no duty here)."""
    Organisation.objects.filter(pk=council.pk).update(audit_duty=Organisation.AuditDuty.NONE)
    cycle = cycle_services.cycle_create(
        acting_user=business,
        title="Section 11 audit 2030",
        version=version,
        opens_on=timezone.localdate() - timedelta(days=10),
        closes_on=timezone.localdate() + timedelta(days=30),
    )
    return cycle_services.cycle_launch(acting_user=business, cycle=cycle)


@pytest.fixture
def submission(cycle, agency):
    return AuditSubmission.objects.get(cycle=cycle, organisation=agency)


@pytest.fixture
def police_submission(cycle, other_org):
    return AuditSubmission.objects.get(cycle=cycle, organisation=other_org)


@pytest.fixture
def effectiveness(business, chair):
    group = group_services.group_save(
        acting_user=business,
        name="Safeguarding Effectiveness sub-group",
        kind="subgroup",
        remit=PartnershipGroup.Remit.EFFECTIVENESS,
        purpose="Audits",
    )
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    return group


def entry(question, *, version=0, loaded=EMPTY_DIGEST, confirm=False, **values) -> AnswerInput:
    full = {"rating": None, "response": "", "number": None, "text": "", "not_applicable": False}
    full.update(values)
    return AnswerInput(question=question, values=full, base_version=version, loaded_digest=loaded, confirm=confirm)


def cycle_report(client, cycle, capture, **params):
    """The overview report as the view serves it: the first request asks for the build (run
    here, as a worker would), the next is served the stored file."""
    from django.urls import reverse

    url = reverse("audits:cycle-report", args=[cycle.pk])
    with capture(execute=True):
        first = client.get(url, params)
    assert first.status_code == 200 and "The overview report is being built" in first.content.decode()
    response = client.get(url, params)
    assert response["Content-Type"] == "application/pdf"
    return response


def pdf(name: str = "evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def complete(submission, lead, questions, *, rating=3):
    """Answer every required question (over any answer carried forward from the last
    return, confirming it) and attach the required evidence."""
    from audits.models import Answer
    from audits.services import submissions as services

    existing = {a.question_id: a for a in Answer.objects.filter(submission=submission)}

    def on_top(question, **values):
        answer = existing.get(question.pk)
        if answer is None:
            return entry(question, **values)
        return entry(question, version=answer.version, loaded=answer.digest, confirm=True, **values)

    services.answers_save(
        acting_user=lead,
        submission=submission,
        inputs=[
            on_top(questions["1.1"], rating=rating, text="In the plan"),
            on_top(questions["1.2"], response="yes"),
            on_top(questions["2.1"], number=92),
        ],
    )
    services.evidence_add(acting_user=lead, submission=submission, question=questions["1.1"], upload=pdf())
