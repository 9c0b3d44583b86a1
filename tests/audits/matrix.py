from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from audits.forms.answers import EMPTY_DIGEST
from audits.imports import export_rows
from audits.models import AuditSubmission, Question, SignOffInvitation
from audits.services import cases as case_services
from audits.services import cycles as cycle_services
from audits.services import frameworks as framework_services
from audits.services import submissions as services
from audits.services.answering import AnswerInput
from core.models import PendingImport
from core.roles import Role
from core.tabular import write_csv
from tests.factories import OrganisationFactory, UserFactory
from tests.matrix import EVERY_ROLE, Entry, only

from .builders import make_case_tool, make_framework, submit

BU = ("business",)
REPORTS = ("business", "executive", "scrutineer", "chair")  # the chair moderates the cycle
MODERATE = ("business", "chair")
RETURN = ("business", "chair", "agency_lead")  # the agency's return
HISTORY = ("business", "scrutineer")
CASES = ("business", "executive", "scrutineer", "agency_lead")


INVITATION_TOKEN = "matrix-invitation-token"


def _value(question, **values) -> AnswerInput:
    full = {"rating": None, "response": "", "number": None, "text": "", "not_applicable": False}
    full.update(values)
    return AnswerInput(question=question, values=full, base_version=0, loaded_digest=EMPTY_DIGEST)


def world(w) -> dict:
    """A launched cycle moderated by the chair, with the agency's return in progress (an answer
    and evidence) and the police's submitted; a draft version 2 with an import waiting; a
    challenge event; and a case audit the agency takes part in."""
    business, lead = w["business"], w["agency_lead"]
    agency = lead.organisation
    police = OrganisationFactory(name="Matrix Police", kind="police")
    police_lead = UserFactory(organisation=police, roles=[Role.MEMBER])
    assign_perm("partnership.lead_organisation", police_lead, police)
    framework = make_framework(business)
    version = framework.versions.get()
    questions = {q.reference: q for q in Question.objects.filter(standard__version=version)}
    cycle = cycle_services.cycle_create(
        acting_user=business,
        title="Matrix cycle",
        version=version,
        opens_on=timezone.localdate() - timedelta(days=5),
        closes_on=timezone.localdate() + timedelta(days=30),
    )
    cycle_services.moderators_set(acting_user=business, cycle=cycle, moderators=[w["chair"]])
    cycle_services.cycle_launch(acting_user=business, cycle=cycle)
    submission = AuditSubmission.objects.get(cycle=cycle, organisation=agency)
    services.answers_save(acting_user=lead, submission=submission, inputs=[_value(questions["1.1"], rating=2)])
    evidence = services.evidence_add(
        acting_user=lead,
        submission=submission,
        question=questions["1.1"],
        upload=SimpleUploadedFile("e.pdf", b"%PDF-1.4 e"),
    )
    submitted = AuditSubmission.objects.get(cycle=cycle, organisation=police)
    services.answers_save(
        acting_user=police_lead,
        submission=submitted,
        inputs=[
            _value(questions["1.1"], rating=3),
            _value(questions["1.2"], response="yes"),
            _value(questions["2.1"], number=90),
        ],
    )
    services.evidence_add(
        acting_user=police_lead,
        submission=submitted,
        question=questions["1.1"],
        upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4 p"),
    )
    submit(submitted, police_lead)
    event = cycle_services.event_save(
        acting_user=business, cycle=cycle, date=timezone.localdate(), presenting=[submitted], panel=[w["chair"]]
    )
    draft = framework_services.version_new_draft(acting_user=business, framework=framework)
    draft_standard = draft.standards.get(reference="1")
    draft_question = draft_standard.questions.get(reference="1.1")
    headers, rows = export_rows(draft)
    pending = PendingImport.objects.create(
        kind=f"audit_framework_{draft.pk}",
        filename="framework.csv",
        content=write_csv(headers, rows),
        created_by=business,
    )
    # A third organisation's return waits for sign-off by the cast's member (made so directly:
    # the member is in the partnership, not in this organisation's directory entry).
    academy = OrganisationFactory(name="Matrix Academy", kind="school")
    [awaiting] = cycle_services.invitation_add(acting_user=business, cycle=cycle, organisations=[academy])
    AuditSubmission.objects.filter(pk=awaiting.pk).update(
        status=AuditSubmission.Status.AWAITING_SIGN_OFF,
        signatory=w["member"],
        sign_off_requested_by=business,
        sign_off_requested_at=timezone.now(),
    )
    SignOffInvitation.objects.create(
        submission=awaiting,
        name="Matrix Officer",
        email="officer@matrixacademy.example.org",
        token_hash=SignOffInvitation.hash_token(INVITATION_TOKEN),
        invited_by=business,
        expires_at=timezone.now() + timedelta(days=14),
    )
    tool = make_case_tool(business).versions.get()
    case_audit = case_services.case_audit_create(
        acting_user=business,
        title="Matrix case audit",
        theme="Neglect",
        tool=tool,
        scope="Four cases",
        returns_due=timezone.localdate() + timedelta(days=14),
        participants=[agency, police],
    )
    case = case_services.case_save(acting_user=business, case_audit=case_audit, pseudonym="Child A", context="")
    return {
        "audit_framework": framework,
        "audit_version": version,
        "audit_draft": draft,
        "audit_standard": draft_standard,
        "audit_question": draft_question,
        "audit_pending": pending,
        "audit_cycle": cycle,
        "audit_submission": submission,
        "audit_submitted": submitted,
        "audit_awaiting": awaiting,
        "audit_evidence": evidence,
        "audit_event": event,
        "audit_case_audit": case_audit,
        "audit_case": case,
        "audit_answer_question": questions["1.1"],
        "audit_answer_standard": questions["1.1"].standard,
    }


def _u(name, *keys):
    return lambda w: reverse(f"audits:{name}", args=[k(w) if callable(k) else w[k].pk for k in keys])


def _plain(name):
    return lambda w: reverse(f"audits:{name}")


ENTRIES = {
    "audits:home": only(*EVERY_ROLE, url=_plain("home")),
    # Frameworks: read by anyone in the partnership, changed by the business unit.
    "audits:framework-list": only(*EVERY_ROLE, url=_plain("framework-list")),
    "audits:framework-create": only(*BU, url=_plain("framework-create")),
    "audits:framework-detail": only(*EVERY_ROLE, url=_u("framework-detail", "audit_framework")),
    "audits:framework-edit": only(*BU, url=_u("framework-edit", "audit_framework")),
    "audits:framework-history": only(*HISTORY, url=_u("framework-history", "audit_framework")),
    "audits:version-new-draft": only(*BU, url=_u("version-new-draft", "audit_framework"), method="post", status=302),
    "audits:version-detail": only(*EVERY_ROLE, url=_u("version-detail", "audit_version")),
    "audits:version-history": only(*HISTORY, url=_u("version-history", "audit_version")),
    "audits:version-edit": only(*BU, url=_u("version-edit", "audit_draft")),
    "audits:version-publish": only(*BU, url=_u("version-publish", "audit_draft"), method="post", status=302),
    "audits:version-export": only(*EVERY_ROLE, url=_u("version-export", "audit_version")),
    "audits:version-import": only(*BU, url=_u("version-import", "audit_draft")),
    "audits:version-import-preview": only(*BU, url=_u("version-import-preview", "audit_draft", "audit_pending")),
    "audits:standard-add": only(*BU, url=_u("standard-add", "audit_draft")),
    "audits:standard-edit": only(*BU, url=_u("standard-edit", "audit_draft", "audit_standard")),
    "audits:standard-remove": only(
        *BU, url=_u("standard-remove", "audit_draft", "audit_standard"), method="post", status=302
    ),
    "audits:question-add": only(*BU, url=_u("question-add", "audit_draft", "audit_standard")),
    "audits:question-edit": only(*BU, url=_u("question-edit", "audit_draft", "audit_question")),
    "audits:question-remove": only(
        *BU, url=_u("question-remove", "audit_draft", "audit_question"), method="post", status=302
    ),
    # Cycles: the business unit runs them; report readers and the cycle's moderators see them.
    "audits:cycle-list": only(*EVERY_ROLE, url=_plain("cycle-list")),
    "audits:cycle-create": only(*BU, url=_plain("cycle-create")),
    "audits:cycle-detail": only(*REPORTS, url=_u("cycle-detail", "audit_cycle")),
    "audits:cycle-edit": only(*BU, url=_u("cycle-edit", "audit_cycle")),
    "audits:cycle-history": only(*HISTORY, url=_u("cycle-history", "audit_cycle")),
    "audits:cycle-launch": only(*BU, url=_u("cycle-launch", "audit_cycle"), method="post", status=302),
    "audits:cycle-complete": only(*BU, url=_u("cycle-complete", "audit_cycle"), method="post", status=302),
    "audits:cycle-invitations": only(*BU, url=_u("cycle-invitations", "audit_cycle")),
    "audits:invitation-remove": only(*BU, url=_u("invitation-remove", "audit_cycle", "audit_submitted")),
    "audits:cycle-moderators": only(*BU, url=_u("cycle-moderators", "audit_cycle")),
    "audits:cycle-chase": only(*BU, url=_u("cycle-chase", "audit_cycle")),
    "audits:event-create": only(*BU, url=_u("event-create", "audit_cycle")),
    "audits:event-detail": only(*MODERATE, url=_u("event-detail", "audit_event")),
    "audits:event-edit": only(*BU, url=_u("event-edit", "audit_event")),
    "audits:event-history": only(*BU, url=_u("event-history", "audit_event")),
    "audits:cycle-heatmap": only(*REPORTS, url=_u("cycle-heatmap", "audit_cycle")),
    "audits:cycle-standards": only(*REPORTS, url=_u("cycle-standards", "audit_cycle")),
    "audits:cycle-comparison": only(*REPORTS, url=_u("cycle-comparison", "audit_cycle")),
    "audits:cycle-report": only(*REPORTS, url=_u("cycle-report", "audit_cycle")),
    "audits:cycle-export": only(*MODERATE, url=_u("cycle-export", "audit_cycle")),
    "audits:organisation-history": only(
        "business", "executive", "scrutineer", "agency_lead", url=_u("organisation-history", "organisation")
    ),
    # The agency's return: its leads, the business unit and the cycle's moderator only. Not
    # the agency's other staff (the member), not report readers.
    "audits:submission-detail": only(*RETURN, url=_u("submission-detail", "audit_submission")),
    "audits:submission-history": only(*BU, url=_u("submission-history", "audit_submission")),
    "audits:submission-standard": only(
        *RETURN, url=_u("submission-standard", "audit_submission", "audit_answer_standard")
    ),
    "audits:evidence": only(*RETURN, url=_u("evidence", "audit_submission", "audit_answer_question")),
    "audits:answer-history": only(*RETURN, url=_u("answer-history", "audit_submission", "audit_answer_question")),
    "audits:evidence-remove": only(
        "agency_lead",
        url=_u("evidence-remove", "audit_submission", "audit_evidence"),
        method="post",
        status=302,
    ),
    "audits:submission-copy": only(
        "agency_lead", url=_u("submission-copy", "audit_submission"), method="post", status=302
    ),
    "audits:submission-submit": only("agency_lead", url=_u("submission-submit", "audit_submission")),
    # Only the senior officer named reads a return to sign it off; the lead takes it back.
    "audits:submission-sign-off": only("member", url=_u("submission-sign-off", "audit_awaiting")),
    "audits:submission-signoff-invite": only("agency_lead", url=_u("submission-signoff-invite", "audit_submission")),
    # The link in an invitation by email: the secret is the permission, so no sign-in is asked
    # for; anyone signed in at another address (the lead above all) is refused.
    "audits:signoff-invitation": Entry(
        url=lambda w: reverse("audits:signoff-invitation", args=[INVITATION_TOKEN]),
        expect={"anonymous": 200, "*": 403},
    ),
    "audits:submission-signoff-withdraw": only(
        "agency_lead", url=_u("submission-signoff-withdraw", "audit_submission"), method="post", status=302
    ),
    # The police's submitted return: the business unit decides; the moderator moderates.
    "audits:submission-return": only(*BU, url=_u("submission-return", "audit_submitted")),
    "audits:submission-accept": only(*BU, url=_u("submission-accept", "audit_submitted"), method="post", status=302),
    "audits:submission-plan": only(*BU, url=_u("submission-plan", "audit_submitted"), method="post", status=302),
    "audits:submission-moderate": only(*MODERATE, url=_u("submission-moderate", "audit_submitted")),
    "audits:submission-outcome": only(*BU, url=_u("submission-outcome", "audit_submitted")),
    # Case audits: the business unit runs them; report readers and participating agencies'
    # leads see them; each agency's answers are its leads' and the business unit's.
    "audits:case-audit-list": only(*EVERY_ROLE, url=_plain("case-audit-list")),
    "audits:case-audit-create": only(*BU, url=_plain("case-audit-create")),
    "audits:case-audit-detail": only(*CASES, url=_u("case-audit-detail", "audit_case_audit")),
    "audits:case-audit-edit": only(*BU, url=_u("case-audit-edit", "audit_case_audit")),
    "audits:case-audit-history": only(*HISTORY, url=_u("case-audit-history", "audit_case_audit")),
    "audits:case-audit-findings": only(*BU, url=_u("case-audit-findings", "audit_case_audit")),
    "audits:case-audit-complete": only(
        *BU, url=_u("case-audit-complete", "audit_case_audit"), method="post", status=302
    ),
    "audits:case-audit-plan": only(*BU, url=_u("case-audit-plan", "audit_case_audit")),
    "audits:case-add": only(*BU, url=_u("case-add", "audit_case_audit")),
    "audits:case-detail": only(*CASES, url=_u("case-detail", "audit_case")),
    "audits:case-edit": only(*BU, url=_u("case-edit", "audit_case")),
    "audits:case-history": only(*HISTORY, url=_u("case-history", "audit_case")),
    "audits:case-grade": only(*BU, url=_u("case-grade", "audit_case")),
    "audits:case-return": only(
        "business", "agency_lead", url=_u("case-return", "audit_case", lambda w: w["organisation"].pk)
    ),
}
