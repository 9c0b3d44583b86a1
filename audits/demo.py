"""Demo data: last year's Section 11 cycle (complete, every return accepted or late), this
year's Section 11 cycle on version 2 of the framework with returns in every state, this
year's Section 175/157 cycle for schools and colleges (closed, being chased), and a
multi-agency neglect case audit. Everything is made through the services, so history,
deadlines and notifications are real; only the dates of last year's events are moved back
afterwards. Everything is fictional."""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import Deadline
from core.reminders import mark_missed
from core.roles import Role
from partnership.models import Organisation, User
from partnership.permissions import contacts_for_organisations
from subgroups.selectors.groups import chairs_of
from subgroups.services import plans as plan_services

from . import scoring
from .forms.answers import EMPTY_DIGEST
from .models import Answer, AuditCycle, AuditSubmission, Framework, FrameworkVersion, Question
from .selectors import submissions as submission_reads
from .services import cases as case_services
from .services import cycles as cycle_services
from .services import frameworks as framework_services
from .services import submissions as services
from .services.answering import AnswerInput

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
EXPLANATIONS = [
    "In place and reviewed this year; the board receives a quarterly report.",
    "Policy agreed; roll-out to all teams is under way and due to finish next quarter.",
    "Partly in place: the audit found gaps in two services, with an improvement plan.",
    "Not yet in place. A task-and-finish group is working on it.",
    "Fully embedded and checked through our annual internal audit.",
]
EVIDENCE_TITLES = ["Board minutes", "Policy document", "Training compliance report", "Audit summary"]
SIGNERS = [
    ("Director of nursing", "Helen Varley"),
    ("Chief executive", "Marcus Lomax"),
    ("Director of operations", "Priya Okafor"),
    ("Head of service", "Owen Pemberton"),
    ("Headteacher", "Grace Fairbairn"),
]


def seed(demo) -> None:
    users = demo.made["users"]
    business = users["business@example.org"]
    framework_services.ensure_default_frameworks(business)
    section_11 = Framework.objects.get(default_key="section_11")
    schools = Framework.objects.get(default_key="section_175_157")
    first = section_11.versions.get(number=1)
    second = _second_version(section_11, business)
    leads = contacts_for_organisations(Organisation.objects.filter(is_active=True).values_list("pk", flat=True))
    agency_org = users["agency@example.org"].organisation

    last_year = _last_years_cycle(demo, first, business, leads, agency_org)
    current = _current_cycle(demo, second, business, leads, users, last_year, agency_org)
    schools_cycle = _schools_cycle(demo, schools.versions.get(number=1), business, leads)
    case_audit = _case_audit(demo, business, leads, users, agency_org)
    mark_missed(demo.today)
    demo.made["audit_cycles"] = [last_year, current, schools_cycle]
    counts = {c.title: c.submissions.count() for c in (last_year, current, schools_cycle)}
    demo.say(
        f"{len(counts)} self-assessment cycles ({', '.join(f'{t}: {n}' for t, n in counts.items())}) "
        f"and the case audit “{case_audit}”"
    )


def _second_version(framework: Framework, business) -> FrameworkVersion:
    """Version 2 of Section 11: a question on the voice of the child in supervision added."""
    draft = framework_services.version_new_draft(acting_user=business, framework=framework)
    supervision = draft.standards.get(reference="3")
    framework_services.question_save(
        acting_user=business,
        standard=supervision,
        reference="3.4",
        text="Supervision explores the child’s lived experience and challenges drift",
        kind=Question.Kind.RATING,
        guidance="A sample of supervision records.",
        is_required=True,
        evidence_required=False,
        allows_not_applicable=False,
    )
    framework_services.version_update(
        acting_user=business,
        version=draft,
        scale=draft.scale,
        action_threshold=draft.action_threshold,
        notes="Adds question 3.4 on the child’s lived experience in supervision, after the rapid review of Child M.",
    )
    return framework_services.version_publish(acting_user=business, version=draft)


def _inputs(demo, scale: str, quality: float, questions) -> list[AnswerInput]:
    inputs = []
    for question in questions:
        values = {"rating": None, "response": "", "number": None, "text": "", "not_applicable": False}
        roll = min(1.0, max(0.0, demo.rng.gauss(quality, 0.22)))
        if question.allows_not_applicable and demo.rng.random() < 0.08:
            values["not_applicable"] = True
        elif question.kind == scoring.RATING:
            low, high = scoring.rating_range(scale)
            values["rating"] = low + round(roll * (high - low))
            values["text"] = EXPLANATIONS[min(4, int((1 - roll) * 4))] if demo.rng.random() < 0.7 else ""
        elif question.kind == scoring.YES_NO_PARTLY:
            values["response"] = scoring.YES if roll > 0.66 else scoring.PARTLY if roll > 0.33 else scoring.NO
        elif question.kind == scoring.PERCENTAGE:
            values["number"] = round(60 + roll * 40)
        elif question.kind == scoring.NUMBER:
            values["number"] = demo.rng.randint(12, 480)
        else:
            values["text"] = demo.rng.choice(EXPLANATIONS)
        inputs.append(AnswerInput(question=question, values=values, base_version=0, loaded_digest=EMPTY_DIGEST))
    return inputs


def _answer(demo, submission, lead, quality: float, *, part: float = 1.0, evidence: bool = True) -> None:
    questions = list(
        Question.objects.filter(standard__version=submission.cycle.version_id).order_by(
            "standard__position", "position"
        )
    )
    questions = questions[: max(1, round(len(questions) * part))]
    inputs = _inputs(demo, submission.cycle.version.scale, quality, questions)
    # Answers carried forward from last year's accepted return are answered over (and so
    # settled), as the lead would on the page.
    carried = {a.question_id: a for a in Answer.objects.filter(submission=submission)}
    for entry in inputs:
        if entry.question.pk in carried:
            entry.base_version = carried[entry.question.pk].version
            entry.loaded_digest = carried[entry.question.pk].digest
            entry.confirm = True
    services.answers_save(acting_user=lead, submission=submission, inputs=inputs)
    if not evidence:
        return
    for question in questions:
        if question.evidence_required:
            services.evidence_add(
                acting_user=lead,
                submission=submission,
                question=question,
                upload=SimpleUploadedFile(f"evidence-{question.reference}.pdf", PDF, content_type="application/pdf"),
                title=f"{demo.rng.choice(EVIDENCE_TITLES)} ({question.reference})",
            )


def _signatory(demo, submission, lead):
    """A senior officer in the organisation who is not its lead: someone in the directory if
    there is one, else a fictional director added to it."""
    existing = submission_reads.signatories_for(submission, excluding=lead).first()
    if existing is not None:
        return existing
    role, name = demo.rng.choice(SIGNERS)
    person = User.objects.create(
        email=f"senior.officer.{submission.organisation_id}@example.org",
        name=name,
        job_title=role,
        organisation=submission.organisation,
        password=demo.password_hash,
    )
    person.groups.add(Group.objects.get(name=Role.MEMBER.label))
    return person


def _submit(demo, submission, lead, *, signed: bool = True) -> None:
    """The lead sends the return for sign-off and (unless it is still waiting) the senior
    officer signs it off."""
    signatory = _signatory(demo, submission, lead)
    services.signoff_request(acting_user=lead, submission=submission, signatory=signatory)
    if signed:
        services.submission_sign_off(acting_user=signatory, submission=submission)


def _backdate(submission: AuditSubmission, when: datetime, *, accepted: bool) -> None:
    """Move last year's events back to when they happened (the services stamp them now)."""
    fields = {"started_at": when - timedelta(days=10), "submitted_at": when, "first_submitted_at": when}
    if accepted:
        fields["accepted_at"] = when + timedelta(days=21)
    AuditSubmission.objects.filter(pk=submission.pk).update(**fields)
    AuditSubmission.objects.filter(pk=submission.pk, sign_off_date__isnull=False).update(sign_off_date=when.date())
    Deadline.objects.for_subject(submission).filter(status=Deadline.Status.MET).update(met_at=when)


def _ready(submissions, leads):
    return [(s, leads[s.organisation_id][0]) for s in submissions if leads.get(s.organisation_id)]


def _last_years_cycle(demo, version, business, leads, agency_org):
    opens = demo.today - timedelta(days=400)
    cycle = cycle_services.cycle_create(
        acting_user=business,
        title=f"Section 11 audit {opens.year}",
        version=version,
        opens_on=opens,
        closes_on=opens + timedelta(days=56),
        recorded_after=True,  # last year's cycle, recorded now: nobody is reminded of it
    )
    cycle = cycle_services.cycle_launch(acting_user=business, cycle=cycle)
    submissions = list(
        cycle.submissions.select_related("organisation", "cycle__version").order_by("organisation__name")
    )
    for index, (submission, lead) in enumerate(_ready(submissions, leads)):
        if index % 11 == 10 and submission.organisation_id != agency_org.pk:
            continue  # never returned
        _answer(demo, submission, lead, demo.rng.uniform(0.35, 0.85))
        _submit(demo, submission, lead)
        services.submission_accept(acting_user=business, submission=submission)
        late = index % 7 == 3
        day = cycle.closes_on + timedelta(days=9) if late else cycle.opens_on + timedelta(days=20 + index % 30)
        _backdate(submission, timezone.make_aware(datetime.combine(day, time(11))), accepted=True)
        if index < 3:
            services.outcome_record(
                acting_user=business,
                submission=submission,
                outcome=[AuditSubmission.Outcome.ASSURED, AuditSubmission.Outcome.PARTLY_ASSURED][index % 2],
                notes="The panel heard a clear account of safeguarding leadership. Training compliance and "
                "supervision records need attention before the next cycle.",
            )
    cycle_services.cycle_complete(acting_user=business, cycle=cycle)
    _approve_plans(cycle, business)
    return cycle


def _approve_plans(cycle, business) -> None:
    """Last year's action plans went to the effectiveness sub-group's chair and were approved."""
    for submission in cycle.submissions.filter(status=AuditSubmission.Status.ACCEPTED):
        plan = submission_reads.action_plan_for(submission)
        chairs = chairs_of(plan.owning_group) if plan else []
        if plan is None or not chairs:
            continue
        plan_services.plan_submit(acting_user=business, plan=plan)
        plan_services.plan_approve(acting_user=chairs[0], plan=plan)


def _current_cycle(demo, version, business, leads, users, previous, agency_org):
    opens = demo.today - timedelta(days=30)
    cycle = cycle_services.cycle_create(
        acting_user=business,
        title=f"Section 11 audit {demo.today.year}",
        version=version,
        opens_on=opens,
        closes_on=demo.today + timedelta(days=25),
        previous=previous,
    )
    cycle_services.moderators_set(
        acting_user=business, cycle=cycle, moderators=[users["chair@example.org"], users["member@example.org"]]
    )
    cycle = cycle_services.cycle_launch(acting_user=business, cycle=cycle)
    submissions = list(
        cycle.submissions.select_related("organisation", "cycle__version").order_by("organisation__name")
    )
    ready = _ready(submissions, leads)
    presenting = []
    waiting = False
    for index, (submission, lead) in enumerate(ready):
        if submission.organisation_id == agency_org.pk:
            _answer(demo, submission, lead, 0.6, part=0.4, evidence=False)  # the demo agency lead's, in progress
            continue
        state = index % 6
        if state == 0:
            continue  # not started
        if state == 1:
            _answer(demo, submission, lead, demo.rng.uniform(0.4, 0.8), part=0.5)
            continue
        _answer(demo, submission, lead, demo.rng.uniform(0.4, 0.9))
        if state == 2 and not waiting:
            _submit(demo, submission, lead, signed=False)  # with its senior officer, waiting to be signed off
            waiting = True
            continue
        _submit(demo, submission, lead)
        if state == 3:
            first = submission.answers.select_related("question").order_by("question__standard__position").first()
            services.submission_return(
                acting_user=business,
                submission=submission,
                comments={first.question_id: "Please say which board papers show this, and attach the latest one."},
                overall="Thank you: one answer needs more detail before we can accept the return.",
            )
        elif state in (4, 5):
            services.submission_accept(acting_user=business, submission=submission)
            presenting.append(submission)
        if state in (2, 4):
            services.moderation_save(
                acting_user=users["chair@example.org"],
                submission=submission,
                confidence=["high", "some", "low"][index % 3],
                summary="Evidence mostly supports the ratings; training figures look optimistic.",
                comments={},
            )
    if presenting:
        event = cycle_services.event_save(
            acting_user=business,
            cycle=cycle,
            date=demo.today + timedelta(days=40),
            start_time=time(9, 30),
            location="Northbridge Civic Centre, Committee Room 2",
            notes="Each organisation presents for 15 minutes, then 15 minutes of challenge from the panel.",
            presenting=presenting[:6],
            panel=[users["chair@example.org"], users["member@example.org"], business],
        )
        services.outcome_record(
            acting_user=business,
            submission=presenting[0],
            outcome=AuditSubmission.Outcome.ASSURED,
            notes=f"Presented at the {event}. A confident, well-evidenced self-assessment; keep the focus on "
            "supervision.",
        )
    return cycle


def _move_closing_date(cycle, closes):
    """The demo's schools cycle was launched weeks ago and closed ten days ago (a launch today
    could not have a window in the past): move its dates back, deadlines with them."""
    AuditCycle.objects.filter(pk=cycle.pk).update(closes_on=closes)
    Deadline.objects.filter(
        content_type__app_label="audits",
        content_type__model="auditsubmission",
        object_id__in=cycle.submissions.values("pk"),
    ).update(due_date=closes, original_due_date=closes)
    cycle.refresh_from_db()


def _schools_cycle(demo, version, business, leads):
    opens = demo.today - timedelta(days=70)
    cycle = cycle_services.cycle_create(
        acting_user=business,
        title=f"Section 175 and 157 audit {demo.today.year}",
        version=version,
        opens_on=opens,
        closes_on=demo.today,
    )
    cycle = cycle_services.cycle_launch(acting_user=business, cycle=cycle)
    _move_closing_date(cycle, demo.today - timedelta(days=10))
    submissions = list(
        cycle.submissions.select_related("organisation", "cycle__version").order_by("organisation__name")
    )
    for index, (submission, lead) in enumerate(_ready(submissions, leads)):
        state = index % 5
        if state == 0:
            continue  # not started, and now late
        if state == 1:
            _answer(demo, submission, lead, demo.rng.uniform(0.5, 0.9), part=0.6)
            continue
        _answer(demo, submission, lead, demo.rng.uniform(0.5, 0.95))
        _submit(demo, submission, lead)
        if state == 3:
            services.submission_accept(acting_user=business, submission=submission)
    return cycle


def _case_audit(demo, business, leads, users, agency_org):
    tool = Framework.objects.get(default_key="neglect_case_audit").versions.get(number=1)
    organisations = list(Organisation.objects.filter(is_active=True).order_by("pk"))
    partners = demo.made["partners"]
    school = next(o for o in organisations if o.kind == Organisation.Kind.SCHOOL and leads.get(o.pk))
    voluntary = next(o for o in organisations if o.kind == Organisation.Kind.VOLUNTARY and leads.get(o.pk))
    participants = [p for p in partners if leads.get(p.pk)] + [agency_org, school, voluntary]
    case_audit = case_services.case_audit_create(
        acting_user=business,
        title="Neglect in under-fives: multi-agency case audit",
        theme="Neglect",
        tool=tool,
        scope="Four children under five on a child protection plan for neglect in the last year, chosen at random "
        "from the children’s social care list; each had contact with health, police and early years.",
        returns_due=demo.today + timedelta(days=14),
        participants=participants,
    )
    questions = list(Question.objects.filter(standard__version=tool).order_by("standard__position", "position"))
    for letter in "ABCD":
        case = case_services.case_save(
            acting_user=business,
            case_audit=case_audit,
            pseudonym=f"Child {letter}",
            context=[
                "Aged 2, lives with mother and two siblings",
                "Aged 4, recently moved into the area",
                "Aged 1, parents misuse alcohol",
                "Aged 3, known to early help for a year",
            ]["ABCD".index(letter)],
        )
        for index, organisation in enumerate(participants):
            if organisation == agency_org and letter in "CD":
                continue  # the demo agency lead still has two to do
            if (index + "ABCD".index(letter)) % 4 == 3:
                continue
            lead = leads[organisation.pk][0]
            inputs = _inputs(demo, tool.scale, demo.rng.uniform(0.3, 0.8), questions)
            case_services.case_answers_save(acting_user=lead, case=case, organisation=organisation, inputs=inputs)
            if letter in "AB":
                case_services.case_return_submit(acting_user=lead, case=case, organisation=organisation)
        if letter in "AB":
            case_services.case_grade(
                acting_user=business,
                case=case,
                grade=["requires_improvement", "good"]["AB".index(letter)],
                findings="Neglect was recognised by the health visitor but not shared with the school nursery for "
                "three months; the plan did not say what would change for the child.",
                learning="Use the graded care profile at the first sign of neglect, and share it.",
            )
    case_services.case_audit_findings_save(
        acting_user=business,
        case_audit=case_audit,
        summary="Early signs of neglect were seen by universal services, but information reached children’s "
        "social care late in two of the four cases.",
        learning="",
    )
    return case_audit
