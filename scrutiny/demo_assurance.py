"""Demo data for part A of scrutiny and assurance (fictional, like the rest of the demo):
challenges in every state (some from meeting minutes, some overdue), escalations (one taken
through three stages with the scrutineer mediating), spotlights (one answered and assured, one
with its authors), inspections with action plans, the scrutineer's plans for this year and
last with findings and recommendations (some responded to), an impact summary, and assurance
requests in every state.

Everything goes through the services, so deadlines, notifications and history are real.
Records that happened earlier in the year are moved back in time afterwards (their dates and
their deadlines' dates together), as the subgroups demo does for its stuck plans.
"""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone

from core.models import Deadline
from partnership.models import Organisation
from subgroups.models import Meeting, MinuteEntry, PartnershipGroup
from subgroups.services import plans as plan_services

from .models import Challenge, Recommendation, ScrutinyActivity
from .selectors.people import group_chairs, organisation_leads
from .services import assurance, challenges, escalations, scrutiny, spotlights

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed(demo) -> None:
    ctx = _Context(demo)
    made = {
        "challenges": _challenges(ctx),
        "escalations": _escalations(ctx),
        "spotlights": _spotlights(ctx),
        "inspections": _inspections(ctx),
        "scrutiny activities": _scrutiny(ctx),
        "assurance requests": _requests(ctx),
    }
    demo.say(", ".join(f"{count} {what}" for what, count in made.items()))


class _Context:
    """What the seeders share: the demo users, the groups, organisations with leads, meetings."""

    def __init__(self, demo):
        self.demo = demo
        self.today = demo.today
        users = demo.made["users"]
        self.business = users["business@example.org"]
        self.executive = users["executive@example.org"]
        self.chair = users["chair@example.org"]
        self.agency_user = users["agency@example.org"]
        self.scrutineer = users["scrutineer@example.org"]
        self.groups = demo.made["groups"]
        self.effectiveness = next(g for g in self.groups.values() if g.remit == PartnershipGroup.Remit.EFFECTIVENESS)
        self.council, self.icb, self.police = demo.made["partners"]
        self.agency = self.agency_user.organisation
        # Organisations whose leads can answer, beyond the partners and the demo agency.
        self.others = [
            o
            for o in Organisation.objects.filter(is_active=True, is_safeguarding_partner=False)
            .exclude(pk=self.agency.pk)
            .order_by("name")
            if organisation_leads(o)
        ]
        meetings = Meeting.objects.filter(group=self.effectiveness).order_by("date")
        self.past_meetings = [m for m in meetings if m.date < self.today]
        self.future_meetings = [m for m in meetings if m.date >= self.today]

    def lead(self, organisation):
        return organisation_leads(organisation)[0]

    def recent_meeting(self, back: int = 0) -> Meeting | None:
        return self.past_meetings[-1 - back] if len(self.past_meetings) > back else None


def _shift(queryset, days: int, *fields: str) -> None:
    queryset.update(**{name: F(name) - timedelta(days=days) for name in fields})


def _backdate(record, days: int, *fields: str) -> None:
    """Move a record and its deadlines back in time: it was raised `days` ago."""
    if days <= 0:
        return
    model = type(record)
    _shift(model.objects.filter(pk=record.pk), days, *fields)
    deadlines = Deadline.objects.for_subject(record)
    _shift(deadlines, days, "start_date", "due_date", "original_due_date", "created_at", "met_at")
    deadlines.filter(status=Deadline.Status.OPEN, due_date__lt=timezone.localdate()).update(
        status=Deadline.Status.MISSED
    )
    record.refresh_from_db()


# Challenges ---------------------------------------------------------------------------------------------

QUESTIONS = [
    "How do you know that staff use the neglect toolkit in their assessments?",
    "Why did return interviews for children missing from home fall below 70% in the last quarter?",
    "What has changed in supervision since the rapid review of Child M?",
    "How are fathers and male carers included in assessments?",
    "How does the service hear from children about the help they receive?",
    "What is the waiting time for a strategy discussion, and what is being done about it?",
]


CHALLENGE_DATES = ("raised_on", "response_due", "created_at", "responded_at", "closed_at")


def _challenges(ctx) -> int:
    b, made = ctx.business, []

    def raised(days_ago: int, **fields) -> Challenge:
        challenge = challenges.challenge_raise(acting_user=fields.pop("acting_user", b), **fields)
        made.append((challenge, days_ago))
        return challenge

    def answer(challenge, organisation=None, person=None, text="") -> None:
        challenges.challenge_answer(
            acting_user=person or ctx.lead(organisation),
            challenge=challenge,
            response=text or "Our safeguarding lead has reviewed this with the teams; the detail is in the briefing.",
        )

    meeting = ctx.recent_meeting()
    # Awaiting a response from the demo agency's lead (on time), and one overdue from the police.
    raised(3, question=QUESTIONS[0], directed_to_organisation=ctx.agency, meeting=meeting, raised_by=ctx.scrutineer)
    raised(45, question=QUESTIONS[1], directed_to_organisation=ctx.police, raised_during="Scorecard exceptions review")
    # Answered by the demo agency, waiting for the demo chair to say how assured she is.
    answered = raised(20, acting_user=ctx.chair, question=QUESTIONS[2], directed_to_organisation=ctx.agency)
    answer(
        answered,
        person=ctx.agency_user,
        text="Every team manager now records reflective supervision monthly; our March audit of 25 cases found it "
        "in 21. The audit report is with the effectiveness sub-group.",
    )
    # Closed at each level of assurance.
    for index, (level, comment) in enumerate(
        (
            ("assured", ""),
            ("partly_assured", "The policy is in place; we want evidence from a case audit next quarter."),
            ("not_assured", "The answer describes the policy, not what happens in practice."),
        )
    ):
        organisation = ctx.others[index % len(ctx.others)]
        challenge = raised(
            90 - 20 * index,
            question=QUESTIONS[3 + index],
            directed_to_organisation=organisation,
            meeting=ctx.recent_meeting(1 + index),
        )
        answer(challenge, organisation)
        challenges.challenge_close(acting_user=b, challenge=challenge, assurance_level=level, comment=comment)
    # From the minutes: logged to the Workforce Development sub-group and answered by its chair.
    workforce = ctx.groups.get("Workforce Development sub-group")
    entry = (
        MinuteEntry.objects.filter(kind=MinuteEntry.Kind.CHALLENGE, meeting__date__lt=ctx.today)
        .select_related("meeting")
        .order_by("-meeting__date")
        .first()
    )
    if entry is not None and workforce is not None:
        logged = raised(
            (ctx.today - entry.meeting.date).days,
            question=entry.text,
            directed_to_group=workforce,
            minute_entry=entry,
            raised_by=entry.raised_by,
        )
        answer(
            logged,
            person=group_chairs(workforce)[0],
            text="Learning from the review is in the next 7-minute briefing and on every neglect course from May.",
        )
    # More volume for the dashboards and the benchmarks.
    for number in range(4 * ctx.demo.scale):
        organisation = ctx.others[(number * 5) % len(ctx.others)]
        challenge = raised(
            ctx.demo.rng.randint(0, 300),
            question=QUESTIONS[number % len(QUESTIONS)],
            directed_to_organisation=organisation,
        )
        if number % 3:
            answer(challenge, organisation, text="Answered: see the attached audit.")
            if number % 3 == 2:
                challenges.challenge_close(acting_user=b, challenge=challenge, assurance_level="assured")
    # They happened through the year: move each back to when it was raised.
    for challenge, days_ago in made:
        _backdate(challenge, days_ago, *CHALLENGE_DATES)
    return len(made)


# Escalations --------------------------------------------------------------------------------------------


def _escalations(ctx) -> int:
    b, today = ctx.business, ctx.today
    health = ctx.others[0]
    council_people = [p for p in ctx.demo.made["people"] if p.organisation_id == ctx.council.pk and p.is_active]
    # From a challenge the Education sub-group did not answer in time.
    education = ctx.groups.get("Education sub-group") or ctx.effectiveness
    unanswered = challenges.challenge_raise(
        acting_user=b,
        question="How many schools have not returned their Section 175 audit, and what is the sub-group doing?",
        directed_to_group=education,
        raised_by=ctx.scrutineer,
    )
    _backdate(unanswered, 40, "raised_on", "response_due", "created_at")
    challenges.challenge_escalate(
        acting_user=b,
        challenge=unanswered,
        stage="partnership",
        who="Partnership business manager and the sub-group's chair",
        summary="No response by the due date; the business manager has asked the chair to attend the board.",
        handled_by=b,
    )
    # Taken through three stages, the scrutineer mediating at the third; still open.
    escalation = escalations.escalation_start(
        acting_user=b,
        title="Threshold for a strategy discussion (referral from a health visitor)",
        concern="Children's social care decided the threshold for a strategy discussion was not met; the health "
        "visiting service disagreed and asked for the decision to be reviewed.",
        stage="practitioner",
        started_on=today - timedelta(days=30),
        who="Health visitor and the duty social worker",
        summary="The practitioners discussed the referral by phone and did not agree.",
        handled_by=council_people[0] if council_people else None,
        raising_organisation=health,
        other_organisation=ctx.council,
    )
    escalations.escalation_advance(
        acting_user=b,
        escalation=escalation,
        outcome="Not resolved: the duty team kept its decision.",
        next_stage="manager",
        started_on=today - timedelta(days=24),
        who="Health visiting team leader and the duty team manager",
        summary="The managers met and reviewed the chronology.",
    )
    escalations.escalation_advance(
        acting_user=b,
        escalation=escalation,
        outcome="Not resolved: a further incident was reported to health only.",
        next_stage="senior_manager",
        started_on=today - timedelta(days=10),
        who="Head of service, children's social care; named nurse for safeguarding",
        summary="Senior managers to meet with the independent scrutineer mediating.",
        mediator=ctx.scrutineer,
    )
    # One resolved at the manager stage, one withdrawn.
    resolved = escalations.escalation_start(
        acting_user=b,
        title="Information sharing before a child protection conference",
        concern="Police information was not shared with the school before the conference.",
        stage="manager",
        started_on=today - timedelta(days=60),
        who="Designated safeguarding lead and the police public protection unit manager",
        summary="The school raised the concern with the police manager.",
        raising_organisation=ctx.others[1 % len(ctx.others)],
        other_organisation=ctx.police,
    )
    escalations.escalation_resolve(
        acting_user=b,
        escalation=resolved,
        outcome="Agreed: the police will share a summary with the school two days before every conference.",
        resolved_on=today - timedelta(days=55),
    )
    withdrawn = escalations.escalation_start(
        acting_user=b,
        title="Discharge planning for a young person",
        concern="Disagreement about who leads the discharge plan.",
        stage="practitioner",
        started_on=today - timedelta(days=15),
        who="Ward social worker and the community team",
        summary="Raised by the ward.",
        raising_organisation=ctx.agency,
        other_organisation=ctx.council,
    )
    escalations.escalation_withdraw(acting_user=b, escalation=withdrawn, reason="Resolved informally the next day.")
    return 4


ANSWERS = (
    "61 of 88 children (69%) were offered a return interview within 72 hours.",
    "They want to choose who they talk to, and not to repeat their story.",
    "Interviews are now offered by a youth worker the child already knows.",
)


# Spotlights ---------------------------------------------------------------------------------------------


def _spotlights(ctx) -> int:
    b = ctx.business
    authors = [ctx.lead(ctx.others[0]), ctx.lead(ctx.others[2 % len(ctx.others)])]
    considered = spotlights.spotlight_create(
        acting_user=b,
        theme="Return interviews for children missing from home",
        purpose="The scorecard shows fewer than 70% of return interviews held within 72 hours.",
        authors=authors,
        meeting=ctx.recent_meeting(),
    )
    questions = [
        "How many children went missing in the last quarter, and how many were offered a return interview within "
        "72 hours?",
        "What do children tell you about the interviews?",
        "What has changed as a result of what they said?",
    ]
    for text in questions:
        spotlights.question_add(acting_user=b, spotlight=considered, text=text)
    for author in authors:
        spotlights.spotlight_answers_save(
            acting_user=author,
            spotlight=considered,
            answers={
                q.pk: f"From {author.organisation}: {answer}"
                for q, answer in zip(considered.questions.all(), ANSWERS, strict=True)
            },
            submit=True,
        )
    spotlights.spotlight_assure(
        acting_user=b,
        spotlight=considered,
        assurance_level="partly_assured",
        comment="Good use of children's views; timeliness is still below target. Challenge raised to the police.",
    )
    challenges.challenge_raise(
        acting_user=b,
        question="When will return interviews reach 90% within 72 hours, and what will get them there?",
        directed_to_organisation=ctx.police,
        spotlight=considered,
    )
    upcoming = ctx.future_meetings[0] if ctx.future_meetings else None
    open_spotlight = spotlights.spotlight_create(
        acting_user=b,
        theme="Neglect in under-fives",
        purpose="Two rapid reviews this year involved neglect of a child under five.",
        authors=[ctx.agency_user, authors[0]],
        meeting=upcoming,
    )
    for text in (
        "How do your practitioners recognise neglect in babies and toddlers?",
        "How often is the graded care profile used, and what did it change?",
    ):
        spotlights.question_add(acting_user=b, spotlight=open_spotlight, text=text)
    spotlights.spotlight_answers_save(
        acting_user=authors[0],
        spotlight=open_spotlight,
        answers={q.pk: "Our health visitors use it at every new-birth visit." for q in open_spotlight.questions.all()},
        submit=True,
    )
    return 2


# Inspections --------------------------------------------------------------------------------------------


def _inspections(ctx) -> int:
    b, today = ctx.business, ctx.today
    chair = group_chairs(ctx.effectiveness)[0]
    ilacs = assurance.inspection_record(
        acting_user=b,
        kind="ofsted_ilacs",
        title="Ofsted inspection of Northbridge children's services",
        report_date=today - timedelta(days=120),
        organisations=[ctx.council],
        judgement="Good",
        summary="Children's services are good. Leaders know their services well; the front door is timely. Work "
        "with children who go missing needs to improve.",
        monitoring_group=ctx.effectiveness,
        report=SimpleUploadedFile("ofsted-ilacs.pdf", PDF),
    )
    for kind, text in (
        ("strength", "Timely, well-informed decisions at the front door."),
        ("strength", "Children in care are visited often and know their social workers."),
        ("improvement", "Return interviews for children who go missing are not always timely."),
        ("improvement", "Supervision does not always reflect on the child's lived experience."),
    ):
        assurance.inspection_finding_add(acting_user=b, inspection=ilacs, kind=kind, text=text)
    plan = ilacs.action_plan
    for days, description in (
        (60, "Return interviews offered within 72 hours for every child who goes missing"),
        (120, "Reflective supervision audit of 30 cases, repeated after six months"),
    ):
        plan_services.action_add(
            acting_user=b, plan=plan, description=description, owner=chair, due_date=today + timedelta(days=days)
        )
    plan_services.plan_submit(acting_user=b, plan=plan)
    plan_services.plan_approve(acting_user=chair, plan=plan)
    jtai = assurance.inspection_record(
        acting_user=b,
        kind="jtai",
        title="Joint targeted area inspection: the multi-agency response to children at risk of exploitation",
        report_date=today - timedelta(days=400),
        organisations=[ctx.council, ctx.icb, ctx.police],
        summary="Partners share information well at the front door; the response to children missing education "
        "is weaker.",
        monitoring_group=ctx.groups.get("Complex Safeguarding sub-group") or ctx.effectiveness,
    )
    assurance.inspection_finding_add(
        acting_user=b, inspection=jtai, kind="improvement", text="Children missing education are not always identified."
    )
    return 2


# Independent scrutiny -----------------------------------------------------------------------------------


def _reporting_year(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def _scrutiny(ctx) -> int:
    s, today = ctx.scrutineer, ctx.today
    year = _reporting_year(today)
    start = date(year, 4, 1)
    made = 0
    # Last year's plan, all done and responded to, with an impact summary.
    last = scrutiny.scrutiny_plan_create(
        acting_user=s, year=year - 1, focus="How the partnership learns from rapid reviews, and the voice of children."
    )
    done = scrutiny.activity_add(
        acting_user=s,
        plan=last,
        kind=ScrutinyActivity.Kind.RAPID_REVIEW,
        title="Review of the decisions in three rapid reviews",
        planned_date=start - timedelta(days=200),
    )
    scrutiny.activity_complete(acting_user=s, activity=done, done_on=start - timedelta(days=190))
    scrutiny.finding_add(
        acting_user=s, activity=done, kind="strength", text="Decisions were well reasoned and sent on time."
    )
    recommendation = scrutiny.recommendation_add(
        acting_user=s, activity=done, text="Publish a 7-minute briefing within a month of each rapid review."
    )
    scrutiny.recommendation_respond(
        acting_user=ctx.executive, recommendation=recommendation, decision="accepted", response="Agreed from June."
    )
    scrutiny.recommendation_implemented(
        acting_user=ctx.executive,
        recommendation=recommendation,
        implemented_on=today,
        note="Briefings published for the last three reviews.",
    )
    _backdate(recommendation, (today - (start - timedelta(days=185))).days, "response_due", "created_at")
    Recommendation.objects.filter(pk=recommendation.pk).update(implemented_on=start - timedelta(days=60))
    scrutiny.impact_summary_add(
        acting_user=s,
        period_start=date(year - 1, 4, 1),
        period_end=start - timedelta(days=1),
        text="Rapid review learning now reaches practitioners within a month: the briefings are read by more than 900 "
        "staff. The Executive accepted every recommendation I made this year.",
    )
    made += 1
    # This year's plan: every kind of activity, some done with findings and recommendations.
    plan = scrutiny.scrutiny_plan_create(
        acting_user=s,
        year=year,
        focus="The front door, neglect in under-fives, and whether children's voices change what the partnership does.",
    )
    observed = ctx.recent_meeting()
    plans = [
        (ScrutinyActivity.Kind.OBSERVE_MEETING, "Observe the effectiveness sub-group", observed),
        (ScrutinyActivity.Kind.PRACTITIONERS, "Conversations with health visitors and social workers", None),
        (ScrutinyActivity.Kind.CHILDREN, "Talk with the children in care council", None),
        (ScrutinyActivity.Kind.DEEP_DIVE, "Deep dive: neglect in under-fives", None),
        (ScrutinyActivity.Kind.WORKSHOP, "Assurance workshop with the three partners", None),
        (ScrutinyActivity.Kind.RAPID_REVIEW, "Review the decision in the latest rapid review", None),
    ]
    elapsed = max((today - start).days, 1)
    activities = []
    for index, (kind, title, meeting) in enumerate(plans):
        # Every activity in the plan's year (April to March), later ones spread over what is left of it.
        end = date(year + 1, 3, 31)
        planned = start + timedelta(days=elapsed * index // 3) if index < 3 else today + timedelta(days=30 * index)
        planned = min(planned, end - timedelta(days=6 - index))
        if meeting is not None and meeting.date >= start:
            planned = meeting.date
        else:
            meeting = None
        activities.append(
            scrutiny.activity_add(
                acting_user=s, plan=plan, kind=kind, title=title, planned_date=planned, meeting=meeting
            )
        )
        made += 1
    for activity in activities[:3]:
        scrutiny.activity_complete(acting_user=s, activity=activity, done_on=min(activity.planned_date, today))
    scrutiny.activity_cancel(
        acting_user=s, activity=activities[5], reason="Covered by the review of rapid reviews last year."
    )
    meeting_activity, conversations, children = activities[:3]
    scrutiny.finding_add(
        acting_user=s, activity=meeting_activity, kind="strength", text="The meeting was quorate and challenged well."
    )
    scrutiny.finding_add(
        acting_user=s,
        activity=meeting_activity,
        kind="development",
        text="Papers were long; the scorecard exceptions were not discussed.",
    )
    shorter = scrutiny.recommendation_add(
        acting_user=s, activity=meeting_activity, text="Limit papers to four pages with a one-page summary."
    )
    scrutiny.recommendation_respond(
        acting_user=ctx.executive,
        recommendation=shorter,
        decision="partly_accepted",
        response="Agreed for sub-groups; the board keeps full reports for the yearly report.",
    )
    finding = scrutiny.finding_add(
        acting_user=s,
        activity=conversations,
        kind="development",
        text="Practitioners do not know how to escalate a disagreement.",
    )
    scrutiny.recommendation_add(
        acting_user=s,
        activity=conversations,
        finding=finding,
        text="Relaunch the escalation policy with a one-page guide for practitioners.",
    )
    scrutiny.finding_add(
        acting_user=s,
        activity=children,
        kind="strength",
        text="Children said their social workers listen and explain what happens next.",
    )
    declined = scrutiny.recommendation_add(
        acting_user=s, activity=children, text="Fund a second participation worker for the children in care council."
    )
    scrutiny.recommendation_respond(
        acting_user=ctx.executive,
        recommendation=declined,
        decision="not_accepted",
        response="Not this year: the budget is committed. We will revisit in the autumn.",
    )
    if (today - start).days > 30:
        scrutiny.impact_summary_add(
            acting_user=s,
            period_start=start,
            period_end=today,
            text="So far this year the Executive has accepted, at least in part, one of my two recommendations. "
            "Sub-group papers are shorter since my observation. Practitioners still tell me they do not know how "
            "to escalate a disagreement: the relaunch I recommended is awaiting a response.",
        )
    return made


# Assurance requests ---------------------------------------------------------------------------------------


def _requests(ctx) -> int:
    b = ctx.business
    rows = [
        (ctx.agency, "Safeguarding training compliance", "requested", 0),
        (ctx.police, "Return interviews for children missing from home", "requested", 50),
        (ctx.others[3 % len(ctx.others)], "Safer recruitment checks", "received", 25),
        (ctx.others[4 % len(ctx.others)], "Use of the graded care profile", "assessed", 70),
        (ctx.icb, "Safeguarding in GP practices", "assessed", 100),
        (ctx.others[5 % len(ctx.others)], "Transition to adult services", "withdrawn", 30),
    ]
    for index, (organisation, topic, state, days_ago) in enumerate(rows):
        request = assurance.request_create(
            acting_user=b,
            organisation=organisation,
            topic=topic,
            detail=f"Please tell the partnership how you are assured about {topic.lower()}: what you measure, what "
            "it shows and what you are changing.",
        )
        if state in ("received", "assessed"):
            assurance.request_receive(
                acting_user=ctx.lead(organisation),
                request=request,
                upload=SimpleUploadedFile(f"assurance-report-{index}.pdf", PDF),
                summary="Our report, with the audit results.",
            )
        if state == "assessed":
            assurance.request_assess(
                acting_user=b,
                request=request,
                assurance_level="assured" if index % 2 else "partly_assured",
                assessment="The report shows what is measured and what changed as a result.",
            )
        if state == "withdrawn":
            assurance.request_withdraw(acting_user=b, request=request, reason="Covered by the Section 11 audit.")
        _backdate(request, days_ago, "requested_on", "due_date", "created_at", "received_at", "assessed_at")
    # A later due date for the first, as agreed with the agency.
    first = ctx.agency.assurance_requests.order_by("pk").first()
    if first is not None:
        assurance.request_update(
            acting_user=b,
            request=first,
            topic=first.topic,
            detail=first.detail,
            due_date=first.due_date + timedelta(days=14),
        )
    return len(rows)
