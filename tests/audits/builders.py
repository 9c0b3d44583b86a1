"""Small frameworks for tests (and the URL matrix's world), made through the services."""

from audits.models import Framework, Question
from audits.services import frameworks as framework_services
from core.roles import Role
from tests.factories import UserFactory

SELF_ASSESSMENT = [
    (
        "1",
        "Leadership",
        [
            ("1.1", "Safeguarding is in the strategic plan", Question.Kind.RATING, True, True, False),
            ("1.2", "Is there a named lead?", Question.Kind.YES_NO_PARTLY, True, False, True),
        ],
    ),
    (
        "2",
        "Training",
        [
            ("2.1", "Percentage of staff trained", Question.Kind.NUMBER, True, False, False),
            ("2.2", "Anything else?", Question.Kind.TEXT, False, False, False),
        ],
    ),
]
CASE_TOOL = [
    (
        "1",
        "Recognition",
        [
            ("1.1", "Neglect was recognised early", Question.Kind.RATING, True, False, False),
            ("1.2", "What would have helped?", Question.Kind.TEXT, False, False, False),
        ],
    ),
]


def make_framework(
    business, *, name="Test Section 11", content=SELF_ASSESSMENT, purpose="self_assessment", publish=True
) -> Framework:
    """Version 1: standard 1 (a rating needing evidence; a yes/no/partly that may be not
    applicable) and standard 2 (a number; an optional free text)."""
    framework = framework_services.framework_create(
        acting_user=business,
        name=name,
        purpose=purpose,
        duty=Framework.Duty.SECTION_11 if purpose == "self_assessment" else "",
        description="",
        scale="rag",
        action_threshold=3,
    )
    version = framework.versions.get()
    for reference, title, rows in content:
        standard = framework_services.standard_save(
            acting_user=business, version=version, reference=reference, title=title, description=""
        )
        for q_reference, text, kind, required, evidence, not_applicable in rows:
            framework_services.question_save(
                acting_user=business,
                standard=standard,
                reference=q_reference,
                text=text,
                kind=kind,
                guidance="",
                is_required=required,
                evidence_required=evidence,
                allows_not_applicable=not_applicable,
            )
    if publish:
        framework_services.version_publish(acting_user=business, version=version)
    return framework


def make_case_tool(business) -> Framework:
    return make_framework(business, name="Test neglect tool", content=CASE_TOOL, purpose="case_audit")


def senior_officer(organisation):
    """A senior officer in the organisation's directory entry (made once per organisation)."""
    email = f"senior.{organisation.pk}@test.example.org"
    existing = UserFactory._meta.model.objects.filter(email=email).first()
    if existing is not None:
        return existing
    return UserFactory(
        email=email,
        name="Dr Helen Varley",
        job_title="Director of nursing",
        organisation=organisation,
        roles=[Role.MEMBER],
    )


def submit(submission, lead):
    """Send the return for sign-off, and have the organisation's senior officer sign it off."""
    from audits.services import submissions as services

    signatory = senior_officer(submission.organisation)
    services.signoff_request(acting_user=lead, submission=submission, signatory=signatory)
    return services.submission_sign_off(acting_user=signatory, submission=submission)
