"""Demo data: a year of the Northbridge partnership's multi-agency training programme.

About 30 courses, 120 sessions (eight months held, four to come), 2,500 bookings with waiting
lists and cancellations, attendance, evaluations (about two in three attendees answer) and
3-month follow-ups (about two in five answer, after one chase), trainers from partner agencies
and a training needs analysis per agency. Sessions, practitioners and bookings grow with
--scale; the rows are written in bulk (the services would take minutes for thousands) and the
ledger of what the portal sent is filled in for everything already past, so the first sweep
after seeding sends only what is newly due.

Demo accounts: practitioner@northbridgeteachingh.example.org books training (a practitioner
from the demo agency lead's NHS trust), and member@example.org trains in the pool.
"""

from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from core import learning
from core.models import LearningToChange
from core.roles import Role
from core.working_days import is_working_day
from partnership.demo import FIRST_NAMES, LAST_NAMES
from partnership.models import Organisation, User
from partnership.services import role_group_map

from .models import (
    Booking,
    BookingMessage,
    Course,
    Evaluation,
    FollowUp,
    Level,
    Practitioner,
    Session,
    Trainer,
    WorkforceNeed,
)
from .years import CHASE_AFTER_DAYS, follow_up_due, year_of

K = Organisation.Kind
C = Course.Kind
DEMO_PRACTITIONER = "practitioner@northbridgeteachingh.example.org"
DEMO_TRAINER = "member@example.org"

# (title, kind, level, priority keyword, summary)
COURSES = [
    (
        "Working together to safeguard children",
        C.COURSE,
        "2",
        "",
        "The multi-agency foundation: roles, thresholds, "
        "referral, strategy discussions and child protection conferences, and how agencies share information.",
    ),
    (
        "Safeguarding awareness for everyone",
        C.COURSE,
        "1",
        "",
        "Recognising and responding to abuse and neglect, and what to do when you are worried about a child.",
    ),
    (
        "Neglect: using the graded care profile",
        C.COURSE,
        "3",
        "Neglect",
        "Assessing neglect with the graded care profile, and planning with families so that change is real and lasts.",
    ),
    (
        "Recognising neglect early",
        C.COURSE,
        "2",
        "Neglect",
        "The signs of neglect across ages, cumulative harm, and acting before it becomes entrenched.",
    ),
    (
        "Child exploitation and contextual safeguarding",
        C.COURSE,
        "3",
        "Exploitation",
        "Criminal and sexual exploitation, county lines, and working with places and peer groups as well as families.",
    ),
    (
        "Missing from home and care",
        C.COURSE,
        "2",
        "Exploitation",
        "Return interviews, risk of exploitation and what agencies do when a child goes missing.",
    ),
    (
        "Domestic abuse and its impact on children",
        C.COURSE,
        "2",
        "Domestic abuse",
        "Children as victims of domestic abuse in their own right, coercive control, and safety planning.",
    ),
    (
        "Domestic abuse: risk assessment with DASH",
        C.COURSE,
        "3",
        "Domestic abuse",
        "Using the DASH risk checklist, MARAC referrals and working with the non-abusing parent.",
    ),
    (
        "Operation Encompass for schools",
        C.BRIEFING,
        "1",
        "Domestic abuse",
        "How police notifications reach schools before the next school day, and what the key adult does with them.",
    ),
    (
        "Hearing the voice of the child",
        C.COURSE,
        "2",
        "Voice of the child",
        "Direct work, recording what children say and do, and making their experience shape the plan.",
    ),
    (
        "Professional curiosity and respectful challenge",
        C.COURSE,
        "2",
        "",
        "Asking why, testing what families and colleagues tell you, and challenging respectfully across agencies.",
    ),
    (
        "Escalation and resolving professional disagreements",
        C.BRIEFING,
        "2",
        "",
        "The partnership's escalation policy: when and how to escalate, and what happens next.",
    ),
    (
        "Information sharing: myths and the law",
        C.BRIEFING,
        "1",
        "",
        "The seven golden rules, consent, and why safeguarding is a reason to share.",
    ),
    (
        "Safe sleep and infant safety",
        C.COURSE,
        "2",
        "",
        "Talking to parents about safe sleep, and the risk factors behind sudden unexpected deaths in infancy.",
    ),
    (
        "Was not brought: missed health appointments",
        C.BRIEFING,
        "1",
        "Neglect",
        "Why 'did not attend' becomes 'was not brought', and what to do when a child is not brought.",
    ),
    (
        "Parental mental health and children",
        C.COURSE,
        "2",
        "",
        "The impact of parental mental ill health on "
        "children, and joint working between adult and children's services.",
    ),
    (
        "Parental substance misuse",
        C.COURSE,
        "2",
        "",
        "Hidden harm: how parental drug and alcohol use affects children, and working with treatment services.",
    ),
    (
        "Harmful sexual behaviour",
        C.COURSE,
        "3",
        "Exploitation",
        "Recognising and responding to harmful sexual behaviour in children, using the continuum and AIM assessments.",
    ),
    (
        "Online safety and harm",
        C.BRIEFING,
        "1",
        "Exploitation",
        "Online grooming, sextortion and what practitioners can do with families and schools.",
    ),
    (
        "Child sexual abuse in the family",
        C.COURSE,
        "3",
        "",
        "Signs, disclosure, and a multi-agency response to intrafamilial child sexual abuse.",
    ),
    (
        "Disabled children and safeguarding",
        C.COURSE,
        "3",
        "",
        "Why disabled children are at greater risk, and communicating with children who do not use speech.",
    ),
    (
        "Bruising in non-mobile babies",
        C.BRIEFING,
        "2",
        "",
        "The partnership's protocol: any bruise on a baby who is not yet mobile means a referral.",
    ),
    (
        "Adolescent neglect",
        C.COURSE,
        "3",
        "Neglect",
        "Neglect in teenagers: less visible, often missed, and how to work with young people themselves.",
    ),
    (
        "Trauma-informed practice",
        C.COURSE,
        "2",
        "",
        "Adverse childhood experiences and trauma, and practice that does not retraumatise.",
    ),
    (
        "Supervision for safeguarding practitioners",
        C.COURSE,
        "4",
        "",
        "Reflective safeguarding supervision for supervisors: holding risk, challenge and wellbeing.",
    ),
    (
        "Designated safeguarding leads: the role",
        C.COURSE,
        "3",
        "",
        "For designated leads in schools, colleges and "
        "early years: the statutory role, records and working with children's social care.",
    ),
    (
        "Leading a safeguarding culture",
        C.COURSE,
        "4",
        "",
        "For senior leaders: governance, Section 11 duties, learning from reviews and the partnership's arrangements.",
    ),
    (
        "Learning from local reviews: the year's themes",
        C.EVENT,
        "2",
        "",
        "The partnership's annual learning event: "
        "the themes from rapid reviews and practice reviews, and what changed.",
    ),
    (
        "Neglect strategy launch",
        C.EVENT,
        "1",
        "Neglect",
        "The launch of the partnership's neglect strategy and its tools, with practitioners' stories.",
    ),
    (
        "Domestic abuse conference",
        C.EVENT,
        "2",
        "Domestic abuse",
        "A day with survivors, specialist services and agencies on children living with domestic abuse.",
    ),
]
OUTCOMES = [
    "Recognise the signs and know the thresholds",
    "Know what to record and who to tell",
    "Share information confidently and lawfully",
    "Use the partnership's escalation policy",
    "Plan with families and children, not for them",
]
VENUES = [
    "Northbridge Town Hall, Committee Room 2",
    "Eastvale Community Hub, Main Hall",
    "Northbridge Teaching Hospitals, Education Centre",
    "Northshire Police Headquarters, Training Suite",
    "Westgate Library, Meeting Room",
]
ONLINE = "https://meet.example.org/northbridge-training"
WILL_DO = [
    "Ask to see the child on their own at every visit, and write down what they say in their own words.",
    "Use the escalation policy when I disagree with a decision instead of letting it drop.",
    "Share information with the school the same day when I am worried.",
    "Use the graded care profile with two families on my caseload next month.",
    "Check who else is involved before I close a case.",
    "Talk about safe sleep at every new birth visit, including with fathers.",
    "Record 'was not brought' and follow up every missed appointment.",
    "Be more curious about who lives in the household.",
]
CHANGED = [
    "I now see children on their own and record their words. It changed one plan completely.",
    "I escalated a disagreement for the first time and the case was stepped up the same week.",
    "Our team uses the graded care profile in every neglect case now, and parents understand it.",
    "I ring the school the same day when police tell me about an incident.",
    "I have not had the chance yet: my caseload changed and I work with adults now.",
    "We changed our missed appointments policy to 'was not brought' and follow up each one.",
    "Supervision now includes a question about the child's voice on every case.",
]
NOT_YET = ["Not yet: I have had no cases where it applied.", "Workload has made it hard to change how I work."]


def seed(demo) -> None:
    business = demo.made["users"]["business@example.org"]
    organisations = [o for o in demo.made["organisations"] if o.is_active and o.email_domains]
    practitioners = _practitioners(demo, organisations)
    courses = _courses(demo, business)
    trainers = _trainers(demo, courses)
    sessions = _sessions(demo, courses, trainers)
    bookings = _bookings(demo, sessions, practitioners)
    answered = _feedback(demo, sessions)
    _ledger(demo)
    needs = _needs(demo, business, organisations)
    _learning(demo, business, courses)
    demo.say(
        f"{len(courses)} courses, {len(sessions)} sessions, {bookings} bookings, {len(practitioners)} practitioners, "
        f"{len(trainers)} trainers, {answered[0]} evaluations, {answered[1]} follow-ups, {needs} training needs"
    )


def _practitioners(demo, organisations) -> list[User]:
    """Practitioners registered from the agencies (bulk: their accounts, verified addresses,
    the practitioner role and their agency), plus the demo one."""
    group = role_group_map()[Role.PRACTITIONER.label]
    lead_agency = demo.made["users"]["agency@example.org"].organisation
    weights = [
        8 if o.kind in (K.NHS_TRUST, K.LOCAL_AUTHORITY, K.POLICE) else 3 if o.kind != K.SCHOOL else 1
        for o in organisations
    ]
    users, agency_of = [], {}
    used = set(User.objects.values_list("email", flat=True))
    for index in range(demo.count(1000)):
        first = FIRST_NAMES[(index * 7) % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 11 + index // len(FIRST_NAMES)) % len(LAST_NAMES)]
        organisation = demo.rng.choices(organisations, weights)[0]
        domain = organisation.domain_list[0]
        email = f"{first}.{last}.{index}@{domain}".lower()
        if email in used:
            continue
        used.add(email)
        users.append(User(email=email, name=f"{first} {last}", job_title="Practitioner", password=demo.password_hash))
        agency_of[email] = organisation
    users.append(
        User(
            email=DEMO_PRACTITIONER, name="Priya Practitioner", job_title="Health visitor", password=demo.password_hash
        )
    )
    agency_of[DEMO_PRACTITIONER] = lead_agency
    bulk_create_with_history(users, User, batch_size=1000, default_change_reason="Registered to book training")
    people = list(User.objects.filter(email__in=list(agency_of)).order_by("pk"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in people], batch_size=1000
    )
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in people], batch_size=1000
    )
    bulk_create_with_history(
        [Practitioner(user=u, organisation=agency_of[u.email]) for u in people],
        Practitioner,
        batch_size=1000,
        default_change_reason="Registered to book training",
    )
    for person in people:
        person.agency = agency_of[person.email]
    demo.made["practitioners"] = people
    return people


def _courses(demo, business) -> list[Course]:
    priorities = {p.title: p for p in demo.made.get("priorities", [])}
    rows = []
    for index, (title, kind, level, _keyword, summary) in enumerate(COURSES):
        status = Course.Status.PUBLISHED
        if index in (24, 29):
            status = Course.Status.DRAFT
        rows.append(
            Course(
                title=title,
                slug=slugify(title)[:200],
                kind=kind,
                level=level,
                summary=summary,
                outcomes="\n".join(demo.rng.sample(OUTCOMES, 3)),
                audience="Practitioners and managers in every agency working with children and families",
                status=status,
                published_on=demo.today - timedelta(days=400) if status == Course.Status.PUBLISHED else None,
                created_by=business,
            )
        )
    bulk_create_with_history(rows, Course, default_change_reason="Added to the programme")
    courses = list(Course.objects.order_by("pk"))
    links = []
    for course, (_title, _kind, _level, keyword, _summary) in zip(courses, COURSES, strict=True):
        for title, priority in priorities.items():
            if keyword and keyword.lower() in title.lower():
                links.append(Course.priorities.through(course_id=course.pk, strategicpriority_id=priority.pk))
    Course.priorities.through.objects.bulk_create(links)
    return courses


def _trainers(demo, courses) -> list[Trainer]:
    """The pool: people from partner agencies (the demo member among them), each delivering a
    few courses."""
    users = demo.made["users"]
    candidates = [
        p
        for p in demo.made["people"]
        if p.is_active and p.organisation_id and p.email not in ("business@example.org", "outsider@example.org")
    ]
    chosen = [users[DEMO_TRAINER]] + demo.rng.sample(candidates, min(len(candidates), demo.count(24)))
    chosen = list({p.pk: p for p in chosen}.values())
    rows = [
        Trainer(person=p, organisation=p.organisation, joined_on=demo.today - timedelta(days=demo.rng.randint(60, 900)))
        for p in chosen
    ]
    rows[-1].is_active = False
    bulk_create_with_history(rows, Trainer, default_change_reason="Joined the training pool")
    trainers = list(Trainer.objects.select_related("person").order_by("pk"))
    Trainer.courses.through.objects.bulk_create(
        [
            Trainer.courses.through(trainer_id=t.pk, course_id=c.pk)
            for t in trainers
            for c in demo.rng.sample(courses, 3)
        ]
    )
    return trainers


def _weekday(day):
    """The day, or the next working day (no sessions at weekends or on bank holidays)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _sessions(demo, courses, trainers) -> list[Session]:
    """Sessions from eight months ago to four months ahead, spread over the courses; three
    cancelled; the last few held without attendance recorded yet."""
    bookable = [c for c in courses if c.status == Course.Status.PUBLISHED]
    total = demo.count(120)
    start = demo.today - timedelta(days=240)
    rows = []
    for index in range(total):
        course = bookable[index % len(bookable)]
        day = _weekday(start + timedelta(days=(360 * index) // total))
        lunchtime = course.kind == C.BRIEFING
        begin = time(12, 30) if lunchtime else time(9, 30) if index % 3 else time(13, 30)
        length = 1 if lunchtime else (6 if course.kind == C.EVENT else 3)
        online = lunchtime or index % 4 == 0
        rows.append(
            Session(
                course=course,
                date=day,
                start_time=begin,
                end_time=time(begin.hour + length, begin.minute),
                minutes=length * 60,
                venue="" if online else VENUES[index % len(VENUES)],
                online_link=ONLINE if online else "",
                joining_instructions="The link opens 10 minutes before the start."
                if online
                else "Sign in at reception.",
                capacity=80 if online else demo.rng.choice([16, 20, 24, 30]),
            )
        )
    for index in (total // 3, total // 2, (total * 5) // 6):
        rows[index].status = Session.Status.CANCELLED
        rows[index].cancellation_reason = "The trainer is unwell; the session will be rearranged."
        rows[index].cancelled_at = timezone.now() - timedelta(days=3)
    bulk_create_with_history(rows, Session, batch_size=1000, default_change_reason="Added")
    sessions = list(Session.objects.select_related("course").order_by("date", "pk"))
    demo_trainer = trainers[0]
    links = []
    for index, session in enumerate(sessions):
        team = [t for t in trainers if t.is_active]
        picked = demo.rng.sample(team, 2 if session.course.kind == C.EVENT else 1)
        if index % 9 == 0 and demo_trainer not in picked:
            picked.append(demo_trainer)
        links += [Session.trainers.through(session_id=session.pk, trainer_id=t.pk) for t in picked]
    Session.trainers.through.objects.bulk_create(links, batch_size=1000)
    return sessions


def _at(day, when=time(17, 0)):
    return timezone.make_aware(datetime.combine(day, when))


def _bookings(demo, sessions, practitioners) -> int:
    """Places, waiting lists and cancellations; attendance on held sessions (about one in nine
    places not attended), except the last few held, which their trainers have yet to mark."""
    today = demo.today
    demo_person = next(p for p in practitioners if p.email == DEMO_PRACTITIONER)
    held = [s for s in sessions if s.date < today and s.status == Session.Status.SCHEDULED]
    unmarked = {s.pk for s in held[-3:]}
    # The demo practitioner attended a session last week (to evaluate) and one about a hundred
    # days ago (its 3-month follow-up is waiting for them).
    theirs = {held[-4].pk, min(held, key=lambda s: abs((today - s.date).days - 100)).pk}
    rows, recorded = [], []
    for session in sessions:
        past = session.date < today
        fill = demo.rng.uniform(0.55, 1.0) if past else demo.rng.uniform(0.2, 1.25)
        if session.capacity >= 80:
            fill *= 0.45
        wanted = min(int(session.capacity * fill) + 1, len(practitioners) - 1)
        people = demo.rng.sample(practitioners, wanted)
        if session.pk in theirs:
            people = [demo_person] + [p for p in people if p is not demo_person]
        confirmed = 0
        for order, person in enumerate(people):
            booked = _at(session.date - timedelta(days=demo.rng.randint(3, 60)), time(9, order % 60))
            row = Booking(session=session, person=person, organisation=person.agency, booked_at=booked)
            if session.status == Session.Status.CANCELLED:
                row.status, row.cancelled_at = Booking.Status.CANCELLED, session.cancelled_at
                row.cancellation_reason = "The session was cancelled"
            elif confirmed >= session.capacity:
                row.status = Booking.Status.WAITING
            elif demo.rng.random() < 0.08 and person is not demo_person:
                row.status, row.cancelled_at = Booking.Status.CANCELLED, booked + timedelta(days=1)
                row.cancellation_reason = demo.rng.choice(["", "Clash with a court hearing", "Staff shortage on shift"])
            else:
                row.status, row.confirmed_at = Booking.Status.CONFIRMED, booked
                confirmed += 1
                if past and session.pk not in unmarked:
                    absent = demo.rng.random() < 0.11 and person is not demo_person
                    row.attendance = Booking.Attendance.ABSENT if absent else Booking.Attendance.ATTENDED
            rows.append(row)
        if past and session.pk not in unmarked and session.status == Session.Status.SCHEDULED:
            recorded.append(session.pk)
    bulk_create_with_history(rows, Booking, batch_size=2000, default_change_reason="Booked")
    Session.objects.filter(pk__in=recorded).update(attendance_recorded_at=_at(today - timedelta(days=1)))
    # The demo practitioner has an upcoming place too.
    upcoming = next(s for s in sessions if s.date > today + timedelta(days=5) and s.status == Session.Status.SCHEDULED)
    if not Booking.objects.filter(session=upcoming, person=demo_person).exists():
        place = Booking.objects.filter(session=upcoming, status=Booking.Status.CONFIRMED).order_by("-pk").first()
        if place is not None:
            Booking.objects.filter(pk=place.pk).update(person=demo_person, organisation=demo_person.agency)
    return len(rows)


def _feedback(demo, sessions) -> tuple[int, int]:
    """Evaluations from about two in three attendees; follow-ups, for sessions three months
    past, from about two in five (the demo practitioner's left for them to answer)."""
    today = demo.today
    attended = list(
        Booking.objects.filter(attendance=Booking.Attendance.ATTENDED)
        .select_related("session", "person")
        .order_by("pk")
    )
    evaluations, follow_ups = [], []
    for booking in attended:
        session = booking.session
        if booking.person.email == DEMO_PRACTITIONER:
            # They evaluated everything but last fortnight's, and have a follow-up to answer.
            if session.date < today - timedelta(days=14):
                evaluations.append(_evaluation(demo, booking))
            continue
        if demo.rng.random() < 0.66:
            evaluations.append(_evaluation(demo, booking))
        due = follow_up_due(session.date)
        if due <= today and demo.rng.random() < 0.42:
            changed = demo.rng.choice(
                [FollowUp.Changed.YES, FollowUp.Changed.YES, FollowUp.Changed.PARTLY, FollowUp.Changed.NO]
            )
            follow_ups.append(
                FollowUp(
                    session=session,
                    booking=booking,
                    practice_changed=changed,
                    what_changed=demo.rng.choice(NOT_YET if changed == FollowUp.Changed.NO else CHANGED),
                    submitted_at=_at(min(due + timedelta(days=demo.rng.randint(0, 20)), today), time(10)),
                )
            )
    bulk_create_with_history(evaluations, Evaluation, batch_size=2000, default_change_reason="Evaluation submitted")
    bulk_create_with_history(follow_ups, FollowUp, batch_size=2000, default_change_reason="Follow-up answered")
    return len(evaluations), len(follow_ups)


def _evaluation(demo, booking) -> Evaluation:
    session = booking.session
    before = demo.rng.choice([1, 2, 2, 3, 3, 3, 4])
    return Evaluation(
        session=session,
        booking=booking,
        confidence_before=before,
        confidence_after=min(5, before + demo.rng.choice([0, 1, 1, 1, 2, 2])),
        usefulness=demo.rng.choice([3, 4, 4, 5, 5]),
        will_do_differently=demo.rng.choice(WILL_DO),
        submitted_at=_at(session.date, session.end_time) + timedelta(hours=demo.rng.randint(0, 30)),
    )


def _ledger(demo) -> None:
    """What the portal sent before today: a reminder for every place on a session up to two
    days ahead, an evaluation request after every session held, the follow-up for every place
    attended three months ago and a chase to those who had not answered a fortnight later."""
    today = demo.today
    now = timezone.now()
    rows = []
    places = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        session__status=Session.Status.SCHEDULED,
        session__date__lte=today + timedelta(days=2),
    ).select_related("session")
    answered = set(FollowUp.objects.values_list("booking_id", flat=True))
    stage = BookingMessage.Stage
    for booking in places:
        day = booking.session.date
        rows.append(
            BookingMessage(booking=booking, stage=stage.REMINDER, sent_at=_at(day - timedelta(days=2), time(9)))
        )
        if day < today and booking.attendance != Booking.Attendance.ABSENT:
            rows.append(BookingMessage(booking=booking, stage=stage.EVALUATION, sent_at=_at(day, time(17))))
        due = follow_up_due(day)
        if booking.attendance == Booking.Attendance.ATTENDED and due <= today:
            rows.append(BookingMessage(booking=booking, stage=stage.FOLLOW_UP, sent_at=_at(due, time(9))))
            chase = due + timedelta(days=CHASE_AFTER_DAYS)
            if chase <= today and booking.pk not in answered:
                rows.append(BookingMessage(booking=booking, stage=stage.CHASE, sent_at=_at(chase, time(9))))
    for row in rows:
        row.created_at = min(row.sent_at, now)
        row.sent_at = min(row.sent_at, now)
    BookingMessage.objects.bulk_create(rows, batch_size=5000)


def _needs(demo, business, organisations) -> int:
    """A needs analysis this year and last from every agency but most schools and nurseries."""
    year = year_of(demo.today)
    sizes = {
        K.LOCAL_AUTHORITY: 2400,
        K.INTEGRATED_CARE_BOARD: 300,
        K.POLICE: 1800,
        K.NHS_TRUST: 1500,
        K.PROBATION: 250,
        K.YOUTH_JUSTICE: 60,
        K.HOUSING: 200,
        K.COLLEGE: 350,
        K.FIRE_AND_RESCUE: 600,
        K.CAFCASS: 80,
    }
    share = {"1": 1.0, "2": 0.35, "3": 0.08, "4": 0.015}
    rows = []
    for index, organisation in enumerate(organisations):
        size = sizes.get(organisation.kind)
        if size is None and index % 4:
            continue
        size = size or 40
        for offset in (0, 1):
            for level in Level.values:
                staff = max(1, int(size * share[level] * demo.rng.uniform(0.7, 1.2)))
                rows.append(
                    WorkforceNeed(
                        organisation=organisation, year=year - offset, level=level, staff=staff, recorded_by=business
                    )
                )
    bulk_create_with_history(rows, WorkforceNeed, batch_size=2000, default_change_reason="Needs analysis")
    return len(rows)


def _learning(demo, business, courses) -> None:
    """Learning from the reviews marked "training to change" (the reviews app registered its
    themes and findings with core.learning), most of it taken up by a course."""
    themes, findings = learning.source("theme").model, learning.source("finding").model
    by_title = {c.title: c for c in courses}
    for name, course_title, note in (
        ("Neglect", "Neglect: using the graded care profile", "Use the graded care profile in every neglect case"),
        ("Professional curiosity", "Professional curiosity and respectful challenge", "Test what families tell us"),
        ("Safe sleep", "Safe sleep and infant safety", "Talk to both parents about safe sleep at every visit"),
        ("Was not brought", "", "Follow up every missed health appointment"),
    ):
        theme = themes.objects.filter(name=name).first()
        if theme is None:
            continue
        mark = learning.learning_mark(
            acting_user=business, subject=theme, change=LearningToChange.Change.TRAINING, note=note
        )
        LearningToChange.objects.filter(pk=mark.pk).update(marked_at=timezone.now() - timedelta(days=200))
        if course_title:
            by_title[course_title].learning.add(mark)
    for finding in findings.objects.filter(~Q(themes=None)).order_by("pk")[:2]:
        mark = learning.learning_mark(
            acting_user=business,
            subject=finding,
            change=LearningToChange.Change.TRAINING,
            note="Information held by one agency did not reach the others",
        )
        LearningToChange.objects.filter(pk=mark.pk).update(marked_at=timezone.now() - timedelta(days=150))
        by_title["Information sharing: myths and the law"].learning.add(mark)
