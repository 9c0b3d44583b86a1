"""Demo data: the Northbridge partnership's groups, a year of meetings (agendas, papers,
attendance with some meetings not quorate, minutes, decisions), action plans in every state,
workplans, forward plans and risk registers. Everything is fictional."""

import functools
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core import documents
from core.models import Deadline
from core.services import deadlines as clock
from partnership.models import Organisation

from .models import Action, ActionPlan, AgendaItem, ForwardPlanItem, Meeting, Paper, PartnershipGroup
from .selectors.groups import chairs_of
from .services import groups as group_services
from .services import meetings as meeting_services
from .services import plans as plan_services
from .services import risks as risk_services

K = PartnershipGroup.Kind
F = PartnershipGroup.Frequency

GROUPS = [
    (
        "Executive",
        K.EXECUTIVE,
        None,
        F.QUARTERLY,
        "The delegated safeguarding partners: sets priorities, agrees the budget, signs off the yearly report "
        "and holds the partnership to account.",
    ),
    (
        "Safeguarding Partnership Board",
        K.BOARD,
        "Executive",
        F.QUARTERLY,
        "Brings the partners and relevant agencies together to take a thematic, spotlight approach to safeguarding "
        "children in Northbridge.",
    ),
    (
        "Safeguarding Effectiveness sub-group",
        K.SUBGROUP,
        "Safeguarding Partnership Board",
        F.BIMONTHLY,
        "Performance, audit and scrutiny: the scorecard, Section 11 and 175 audits, multi-agency case audits.",
    ),
    (
        "Practice Review sub-group",
        K.SUBGROUP,
        "Safeguarding Partnership Board",
        F.BIMONTHLY,
        "Rapid reviews, local child safeguarding practice reviews and their action plans.",
    ),
    (
        "Education sub-group",
        K.SUBGROUP,
        "Safeguarding Partnership Board",
        F.QUARTERLY,
        "Safeguarding in schools, colleges and early years settings.",
    ),
    (
        "Workforce Development sub-group",
        K.SUBGROUP,
        "Safeguarding Partnership Board",
        F.QUARTERLY,
        "The multi-agency training offer, and learning from reviews into practice.",
    ),
    (
        "Voice of the Child sub-group",
        K.SUBGROUP,
        "Safeguarding Partnership Board",
        F.QUARTERLY,
        "Making sure children's and families' views shape what the partnership does.",
    ),
    (
        "Neglect sub-group",
        K.SUBGROUP,
        "Safeguarding Partnership Board",
        F.QUARTERLY,
        "The neglect strategy and the graded care profile.",
    ),
    (
        "Complex Safeguarding sub-group",
        K.SUBGROUP,
        "Safeguarding Partnership Board",
        F.BIMONTHLY,
        "Criminal and sexual exploitation, children missing from home, contextual safeguarding.",
    ),
    (
        "Domestic Abuse joint sub-group",
        K.JOINT,
        "Safeguarding Partnership Board",
        F.QUARTERLY,
        "Joint with the Safeguarding Adults Board: children living with domestic abuse.",
    ),
    (
        "Neglect strategy refresh",
        K.TASK_AND_FINISH,
        "Neglect sub-group",
        F.MONTHLY,
        "A task-and-finish group to refresh the neglect strategy by the spring.",
    ),
]
ITEMS = [
    ("Minutes and action log of the last meeting", AgendaItem.Kind.DECISION, 10),
    ("Scorecard exceptions, quarter {q}", AgendaItem.Kind.ASSURANCE, 20),
    ("Spotlight: return interviews for children missing from home", AgendaItem.Kind.ASSURANCE, 30),
    ("Learning from the rapid review of Child M", AgendaItem.Kind.DISCUSSION, 25),
    ("Section 11 audit: emerging themes", AgendaItem.Kind.DISCUSSION, 20),
    ("Risk register review", AgendaItem.Kind.DECISION, 15),
    ("Training attendance report", AgendaItem.Kind.INFORMATION, 5),
    ("Updates from partner agencies", AgendaItem.Kind.INFORMATION, 10),
]
RISKS = [
    (
        "Rapid reviews are not completed within 15 working days",
        "Agency returns arrive late; panel diaries",
        "The Panel is not told in time and learning is delayed",
        4,
        4,
        2,
        3,
    ),
    (
        "Health visiting capacity falls below safe levels",
        "Vacancies in the health visiting service",
        "Early signs of neglect are missed in under-fives",
        3,
        5,
        2,
        4,
    ),
    (
        "Schools do not return their Section 175 audits",
        "Competing pressures at the end of term",
        "The partnership cannot assure itself about safeguarding in schools",
        3,
        3,
        2,
        2,
    ),
    ("Loss of the independent scrutineer", "Contract ends in the spring", "No independent challenge", 2, 4, 1, 4),
    (
        "Exploitation data is not shared between agencies",
        "Different systems and consent rules",
        "Children at risk of exploitation are not identified",
        4,
        3,
        2,
        2,
    ),
    (
        "Children missing education are not known to the partnership",
        "Elective home education registers are not shared",
        "Children out of school are not seen by any professional",
        3,
        4,
        2,
        3,
    ),
    (
        "Domestic abuse notifications reach schools too late",
        "Police notifications are sent weekly, not the next morning",
        "Schools cannot support a child the day after an incident",
        3,
        3,
        1,
        3,
    ),
    (
        "Thresholds are applied differently across the front door",
        "High staff turnover in the multi-agency safeguarding hub",
        "Children with similar needs get different responses",
        3,
        4,
        2,
        3,
    ),
    (
        "Adult mental health services are not invited to strategy discussions",
        "Invitation lists built from children's services only",
        "Risks from a parent's mental health are not weighed",
        3,
        4,
        1,
        4,
    ),
    (
        "Learning from reviews is not reaching practitioners",
        "Briefings are circulated to managers only",
        "The same practice issues recur in later reviews",
        3,
        3,
        2,
        2,
    ),
    (
        "Partner funding for the partnership is not agreed for next year",
        "Budget pressures in every partner agency",
        "The business unit cannot plan its work programme",
        2,
        4,
        1,
        3,
    ),
    (
        "Unborn babies are referred too late for pre-birth assessment",
        "Late booking and referral after 20 weeks",
        "Plans are not in place before the baby is born",
        3,
        5,
        2,
        4,
    ),
]
THEMES = ["information sharing", "professional curiosity", "the voice of the child", "supervision"]


@functools.cache
def _paper_pdf() -> bytes:
    """One real, tagged PDF page for every demo paper, so the agenda pack merges them as it
    would real papers (built once per seeding)."""
    from core.pdf import pdf_from_html

    return pdf_from_html(
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Demo paper</title></head>'
        "<body><h1>Demo paper</h1><p>A fictional paper for the demonstration partnership. A real paper "
        "sets out what the group is asked to note or decide, and why.</p></body></html>"
    )


def seed(demo) -> None:
    users = demo.made["users"]
    business = users["business@example.org"]
    people = [p for p in demo.made["people"] if p.is_active and "@example.org" in p.email and p.pk > 7]
    partners = demo.made["partners"]
    groups = _groups(demo, business)
    _members(demo, groups, users, people, partners, business)
    meetings = 0
    for group in groups.values():
        meetings += _meetings(demo, group, business, users)
    plans = _plans(demo, groups, users, business)
    _risks(demo, groups, users, business)
    demo.made["groups"] = groups
    demo.say(f"{len(groups)} groups, {meetings} meetings, {plans} action plans and workplans")


REMITS = {
    "Safeguarding Effectiveness sub-group": PartnershipGroup.Remit.EFFECTIVENESS,
    "Practice Review sub-group": PartnershipGroup.Remit.PRACTICE_REVIEW,
    "Education sub-group": PartnershipGroup.Remit.EDUCATION,
    "Workforce Development sub-group": PartnershipGroup.Remit.WORKFORCE,
    "Voice of the Child sub-group": PartnershipGroup.Remit.VOICE,
    "Neglect sub-group": PartnershipGroup.Remit.NEGLECT,
    "Complex Safeguarding sub-group": PartnershipGroup.Remit.EXPLOITATION,
    "Domestic Abuse joint sub-group": PartnershipGroup.Remit.DOMESTIC_ABUSE,
}


def _groups(demo, business) -> dict[str, PartnershipGroup]:
    made = {}
    for name, kind, parent, frequency, purpose in GROUPS:
        made[name] = group_services.group_save(
            acting_user=business,
            name=name,
            kind=kind,
            remit=REMITS.get(name, ""),
            purpose=purpose,
            reports_to=made.get(parent) if parent else None,
            meeting_frequency=frequency,
        )
        group_services.terms_add(
            acting_user=business,
            group=made[name],
            text=f"Purpose\n{purpose}\n\nMembership\nEach safeguarding partner sends a member with the authority "
            "to make decisions, and names a deputy.\n\nQuoracy\nThe meeting is quorate when each of the three "
            "safeguarding partners is represented.",
            approved_on=demo.today - timedelta(days=300),
            review_date=demo.today + timedelta(days=65),
        )
    closed = group_services.group_save(
        acting_user=business,
        name="Graded care profile implementation",
        kind=K.TASK_AND_FINISH,
        purpose="Rolled out the graded care profile across agencies (finished).",
        reports_to=made["Neglect sub-group"],
        meeting_frequency=F.MONTHLY,
        status=PartnershipGroup.Status.CLOSED,
    )
    made[closed.name] = closed
    return made


def _members(demo, groups, users, people, partners, business) -> None:
    council, icb, police = partners
    partner_people = {org.pk: [p for p in people if p.organisation_id == org.pk] for org in partners}
    others = [p for p in people if p.organisation_id not in {o.pk for o in partners}]
    chairs = {
        "Executive": users["executive@example.org"],
        "Practice Review sub-group": users["chair@example.org"],
    }
    for index, (name, group) in enumerate(groups.items()):
        if group.status == PartnershipGroup.Status.CLOSED:
            continue
        chosen = []
        for org_index, organisation in enumerate((council, icb, police)):
            pool = partner_people[organisation.pk]
            member, deputy = pool[(index + org_index) % len(pool)], pool[(index + org_index + 1) % len(pool)]
            chosen.append((member, deputy, _partner_role(organisation)))
        for offset in range(demo.rng.randint(3, 7)):
            chosen.append((others[(index * 7 + offset * 3) % len(others)], None, "Agency representative"))
        for demo_user in _demo_members(name, users):
            chosen.append((demo_user, None, demo_user.job_title))
        added, members = set(), {person.pk for person, _, _ in chosen} | {c.pk for c in chairs.values()}
        for person, deputy, role in chosen:
            if person.pk in added:
                continue
            added.add(person.pk)
            # A named deputy is never a member in their own right (they would be counted twice).
            group_services.membership_add(
                acting_user=business,
                group=group,
                person=person,
                role_in_group=role,
                deputy=deputy if deputy and deputy.pk not in members else None,
            )
        chair = chairs.get(name)
        if chair is not None and chair.pk not in added:
            group_services.membership_add(acting_user=business, group=group, person=chair, role_in_group="Chair")
        chair = chair or chosen[0][0]
        group_services.group_set_chair(acting_user=business, group=group, person=chair)
        vice = chosen[1][0] if chosen[1][0] != chair else chosen[2][0]
        group_services.group_set_chair(acting_user=business, group=group, person=vice, vice=True)


def _partner_role(organisation: Organisation) -> str:
    return {"local_authority": "Local authority lead", "integrated_care_board": "Health lead", "police": "Police lead"}[
        organisation.kind
    ]


def _demo_members(name: str, users) -> list:
    chosen = []
    if name in ("Practice Review sub-group", "Safeguarding Effectiveness sub-group", "Safeguarding Partnership Board"):
        chosen.append(users["agency@example.org"])
    if name in ("Safeguarding Partnership Board", "Complex Safeguarding sub-group", "Practice Review sub-group"):
        chosen.append(users["member@example.org"])
    if name in ("Safeguarding Partnership Board", "Safeguarding Effectiveness sub-group"):
        chosen.append(users["chair@example.org"])
    return chosen


STEP_DAYS = {F.MONTHLY: 30, F.BIMONTHLY: 61, F.QUARTERLY: 91, F.SIX_MONTHLY: 182, F.AS_NEEDED: 91}


def _meetings(demo, group, business, users) -> int:
    if group.status == PartnershipGroup.Status.CLOSED:
        return 0
    step = STEP_DAYS[group.meeting_frequency]
    day = demo.today - timedelta(days=365) + timedelta(days=(group.pk * 5) % 20)
    made, previous = 0, None
    memberships = list(
        group.memberships.filter(left_on__isnull=True).select_related("person", "deputy", "organisation")
    )
    while day <= demo.today + timedelta(days=100):
        while day.weekday() >= 5:
            day += timedelta(days=1)
        meeting = meeting_services.meeting_create(
            acting_user=business,
            group=group,
            date=day,
            start_time=time(10 if made % 2 else 13, 0),
            end_time=time(12 if made % 2 else 15, 0),
            location="Northbridge Civic Centre, Room 3",
            online_link="https://meet.example.org/northbridge-scp" if made % 3 == 0 else "",
        )
        _agenda(demo, meeting, business, memberships, made)
        if day < demo.today:
            _hold(demo, meeting, business, memberships, made, previous)
        elif day < demo.today + timedelta(days=20):
            meeting.status = Meeting.Status.PAPERS_CIRCULATED
            meeting.save(update_fields=["status"])
        previous = meeting
        made += 1
        day += timedelta(days=step)
    _forward_plan(demo, group, business)
    return made


def _agenda(demo, meeting, business, memberships, number) -> None:
    quarter = (meeting.date.month - 1) // 3 + 1
    priorities = demo.made.get("priorities", [])
    for position, (title, kind, minutes) in enumerate(ITEMS[: 4 + number % 4]):
        presenter = memberships[(position + number) % len(memberships)].person
        item = meeting_services.agenda_item_add(
            acting_user=business,
            meeting=meeting,
            title=title.format(q=quarter),
            kind=kind,
            presenter=presenter,
            minutes_allocated=minutes,
            priority=priorities[position % len(priorities)] if priorities and position % 2 else None,
        )
        if position and position % 2 == 0:
            meeting_services.paper_add(
                acting_user=business,
                item=item,
                title=f"{item.title}: paper",
                owner=presenter,
                summary="What the paper says, and what the group is asked to note or decide.",
            )
        if kind == AgendaItem.Kind.INFORMATION and number % 2:
            item.in_business_summary = True
            item.save(update_fields=["in_business_summary"])


def _hold(demo, meeting, business, memberships, number, previous) -> None:
    """Papers received, attendance (every fifth meeting without the police), minutes."""
    for paper in Paper.objects.filter(item__meeting=meeting).select_related("owner"):
        upload = SimpleUploadedFile(f"{paper.title[:40]}.pdf", _paper_pdf())
        paper.document = documents.store(upload=upload, subject=paper, uploaded_by=paper.owner, title=paper.title)
        deadline = Deadline.objects.for_subject(paper).first()
        late = paper.pk % 4 == 0
        submitted = datetime.combine(deadline.due_date + timedelta(days=2 if late else -1), time(16, 0))
        paper.submitted_at = timezone.make_aware(submitted)
        paper.is_late = late
        paper.save(update_fields=["document", "submitted_at", "is_late"])
        clock.deadline_meet(
            deadline=deadline, acting_user=paper.owner, when=paper.submitted_at, reason="Paper uploaded"
        )
    rows = []
    drop_police = number % 5 == 2
    for index, membership in enumerate(memberships):
        police = membership.organisation and membership.organisation.kind == Organisation.Kind.POLICE
        if police and drop_police:
            rows.append({"person": membership.person, "status": "apologies"})
        elif membership.deputy and index % 4 == 1:
            rows.append({"person": membership.person, "status": "apologies"})
            rows.append(
                {
                    "person": membership.deputy,
                    "status": "deputy",
                    "deputy_for": membership.person,
                    "organisation": membership.organisation,
                }
            )
        else:
            rows.append({"person": membership.person, "status": "present" if index % 6 else "apologies"})
    rows.append({"name": "Councillor J. Ainsworth (lead member)", "status": "observer"})
    meeting_services.attendance_save(acting_user=business, meeting=meeting, rows=rows)
    items = list(meeting.items.order_by("position"))
    for item in items:
        meeting_services.minutes_save(
            acting_user=business,
            item=item,
            minutes=f"{item.presenter_label} presented. The group discussed {item.title.lower()}.",
        )
    meeting_services.entry_add(
        acting_user=business,
        meeting=meeting,
        item=items[0],
        kind="decision",
        text="The minutes of the last meeting were agreed as an accurate record.",
    )
    if len(items) > 3:
        meeting_services.entry_add(
            acting_user=business,
            meeting=meeting,
            item=items[3],
            kind="challenge",
            text="How do we know that learning from this review has reached front-line practitioners?",
            raised_by=items[1].presenter,
            directed_to="Workforce Development sub-group",
        )
    if number % 2 == 0:
        _action_log(meeting, business, items)
    meeting_services.minutes_circulate(acting_user=business, meeting=meeting)
    if previous is not None and previous.status == Meeting.Status.MINUTES_DRAFT:
        meeting_services.minutes_approve(
            acting_user=business,
            meeting=previous,
            at_meeting=meeting,
            amendments="Item 3: “CAMHS” should read “the integrated care board”." if number % 3 == 0 else "",
        )


def _action_log(meeting, business, items) -> None:
    plan = plan_services.plan_create(
        acting_user=business,
        title=f"Action log: {meeting}",
        owning_group=meeting.group,
        kind=ActionPlan.Kind.ACTION_LOG,
        source=meeting,
    )
    for item in items[1:3]:
        plan_services.action_add(
            acting_user=business,
            plan=plan,
            description=f"Follow up “{item.title}”",
            owner=item.presenter,
            due_date=meeting.date + timedelta(days=56),
        )


def _forward_plan(demo, group, business) -> None:
    upcoming = list(group.meetings.filter(date__gt=demo.today).order_by("date"))
    for index, (title, kind) in enumerate(
        [
            ("Annual report of the designated doctor", ForwardPlanItem.Kind.ANNUAL_REPORT),
            ("Spotlight: neglect in under-fives", ForwardPlanItem.Kind.SPOTLIGHT),
            ("Section 11 audit overview report", ForwardPlanItem.Kind.AUDIT_REPORT),
        ]
    ):
        meeting = upcoming[index] if index < len(upcoming) else None
        group_services.forward_item_save(
            acting_user=business,
            group=group,
            title=title,
            kind=kind,
            planned_meeting=meeting,
            planned_month=None if meeting else demo.today + timedelta(days=120 + 30 * index),
        )


def _plans(demo, groups, users, business) -> int:
    made = 0
    priorities = demo.made.get("priorities", [])
    organisations = [o for o in demo.made["organisations"] if o.is_active and not o.is_safeguarding_partner][:20]
    for name, group in groups.items():
        if group.status == PartnershipGroup.Status.CLOSED or group.kind == K.TASK_AND_FINISH:
            continue
        chair = chairs_of(group)[0]
        members = [m.person for m in group.memberships.filter(left_on__isnull=True).select_related("person")]
        workplan = plan_services.plan_create(
            acting_user=business,
            title=f"{name} workplan {demo.today.year}",
            owning_group=group,
            kind=ActionPlan.Kind.WORKPLAN,
            year=demo.today.year,
        )
        for index, priority in enumerate(priorities):
            plan_services.action_add(
                acting_user=business,
                plan=workplan,
                description=f"Deliver the {priority.title.lower()} commitments",
                owner=members[index % len(members)],
                due_date=demo.today + timedelta(days=30 * (index + 1) - 45),
                priority=priority,
            )
        plan_services.plan_submit(acting_user=business, plan=workplan)
        plan_services.plan_approve(acting_user=chair, plan=workplan)
        _progress(workplan, members)
        made += 1
        for state in ("draft", "submitted", "returned", "in_progress", "completed", "signed_off"):
            if name not in ("Practice Review sub-group", "Safeguarding Effectiveness sub-group") and state in (
                "completed",
                "returned",
            ):
                continue
            organisation = organisations[made % len(organisations)]
            plan = plan_services.plan_create(
                acting_user=business,
                title=f"Improving {THEMES[made % len(THEMES)]} ({organisation.name})",
                owning_group=group,
                organisation=organisation,
            )
            for index in range(3):
                plan_services.action_add(
                    acting_user=business,
                    plan=plan,
                    description=[
                        "Revise the safeguarding supervision policy",
                        "Train team managers in the new approach",
                        "Audit ten cases to check the change has happened",
                    ][index],
                    owner=members[(made + index) % len(members)],
                    owner_organisation=organisation,
                    due_date=demo.today + timedelta(days=[-20, 25, 80][index]),
                )
            made += 1
            if state == "draft":
                continue
            plan_services.plan_submit(acting_user=business, plan=plan)
            if state == "submitted":
                continue
            if state == "returned":
                plan_services.plan_return(
                    acting_user=chair,
                    plan=plan,
                    comments="Please make the actions measurable and add a date for the audit.",
                )
                continue
            plan_services.plan_approve(acting_user=chair, plan=plan)
            if state == "in_progress":
                _progress(plan, members, stuck=made % 2 == 0)
                continue
            for action in plan.actions.all():
                plan_services.action_update(
                    acting_user=business,
                    action=action,
                    status=Action.Status.COMPLETE,
                    text="Done: evidence attached in the agency's own system.",
                )
            plan_services.plan_complete(acting_user=business, plan=plan)
            if state == "signed_off":
                plan_services.plan_sign_off(
                    acting_user=chair,
                    plan=plan,
                    impact_statement="A re-audit of ten cases found supervision recorded in nine, with the child's "
                    "lived experience discussed in eight (it was three before).",
                )
    return made


def _progress(plan, members, stuck: bool = False) -> None:
    for index, action in enumerate(plan.actions.order_by("position")):
        if index % 3 == 0:
            plan_services.action_update(
                acting_user=action.owner or members[0],
                action=action,
                status=Action.Status.ON_TRACK,
                text="Started: draft shared with managers.",
            )
        elif index % 3 == 1:
            plan_services.action_update(
                acting_user=action.owner or members[0],
                action=action,
                status=Action.Status.AT_RISK,
                text="Delayed by staff shortages.",
            )
    if stuck:
        ActionPlan.objects.filter(pk=plan.pk).update(last_activity_at=timezone.now() - timedelta(weeks=10))


def _risks(demo, groups, users, business) -> None:
    """Each group's own risks: every risk on a register, and so on the Executive's, has its own
    title (a register listing one risk seven times reads as a defect); once the list is used
    up (a large demo), a risk names its group."""
    taken = 0
    for index, group in enumerate(groups.values()):
        if group.status == PartnershipGroup.Status.CLOSED:
            continue
        members = [m.person for m in group.memberships.filter(left_on__isnull=True).select_related("person")]
        for offset in range(2 + index % 3):
            title, cause, effect, likelihood, impact, target_l, target_i = RISKS[taken % len(RISKS)]
            if taken >= len(RISKS):
                title = f"{title} ({group.name})"
            taken += 1
            risk_services.risk_save(
                acting_user=business,
                group=group,
                title=title,
                cause=cause,
                effect=effect,
                likelihood=likelihood if offset else min(5, likelihood + index % 2),
                impact=impact,
                owner=members[offset % len(members)],
                controls="Monitored at every meeting; escalation route agreed.",
                target_likelihood=target_l,
                target_impact=target_i,
                review_date=demo.today + timedelta(days=30 + 15 * offset),
            )
