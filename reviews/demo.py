"""Demo data: three years of the Northbridge partnership's cases and reviews, in every stage,
through the services (so the history, the deadlines and the compliance figures are real).

Everything is fictional: children are "Child H" and the like, reviewers are invented. The
demo chair (chair@example.org) chairs the current rapid review panel, and the demo agency
lead's agency owes its return for it.
"""

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import Deadline
from core.services import deadlines as clock
from core.working_days import add_working_days
from partnership.models import Organisation
from partnership.permissions import organisations_led_by
from subgroups.models import Action, PartnershipGroup
from subgroups.selectors.groups import chairs_of
from subgroups.services import plans as plan_services

from .models import PracticeReview, RapidReview, Reviewer
from .services import cases, learning, practice, rapid

THEMES = [
    ("Information sharing", "Agencies knew things that others needed to know"),
    ("Professional curiosity", "Asking why, and not taking things at face value"),
    ("Neglect", "Persistent failure to meet a child's basic needs"),
    ("Voice of the child", "What the child said, or would have said, and whether anyone heard it"),
    ("Domestic abuse", "Children living with domestic abuse"),
    ("Parental mental health", "How a parent's mental health affected the care of the child"),
    ("Safe sleep", "Sleeping arrangements for babies"),
    ("Was not brought", "Children not brought to health appointments"),
    ("Exploitation", "Criminal and sexual exploitation of adolescents"),
    ("Supervision", "Whether practitioners had the supervision they needed"),
]
REVIEWERS = [
    ("Dr Imogen Thackeray", "Thackeray Learning Reviews", "Systems methodology; neglect; infants", "available"),
    ("Rafael Okonjo", "Independent social work consultant", "Adolescents; exploitation; youth justice", "available"),
    ("Helena Brightwater", "Brightwater Associates", "Domestic abuse; health; family involvement", "limited"),
    ("Mark Penhaligon", "Former director of children's services", "Child protection; leadership", "unavailable"),
    ("Priya Lindqvist", "Lindqvist Reviews", "Disability; health; good practice reviews", "available"),
]
PSEUDONYMS = [
    "Child H",
    "Child M",
    "Baby T",
    "Child K",
    "Child R",
    "Child L",
    "Baby N",
    "Child P",
    "Child S",
    "Child D",
]
SUMMARIES = [
    "was taken to hospital with injuries the family could not explain. Health visitors had seen the family twice.",
    "was found to have been living in very poor home conditions for several months. School attendance had fallen.",
    "died suddenly at home; the sleeping arrangements were unsafe and parents had been drinking.",
    "was seriously harmed in an assault linked to criminal exploitation. Youth justice knew the young person.",
    "suffered serious harm while living with domestic abuse. Police had attended the home three times.",
]
DECISIONS = ["lcspr", "no_further_review", "lcspr", "other_learning", "no_further_review", "lcspr"]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def seed(demo) -> None:
    business = demo.made["users"]["business@example.org"]
    group = demo.made["groups"]["Practice Review sub-group"]
    if group.remit != PartnershipGroup.Remit.PRACTICE_REVIEW:
        PartnershipGroup.objects.filter(pk=group.pk).update(remit=PartnershipGroup.Remit.PRACTICE_REVIEW)
    world = _World(demo, business, group)
    themes = [
        learning.theme_save(acting_user=business, name=name, description=description) for name, description in THEMES
    ]
    reviewers = _reviewers(demo, business, world.agencies)
    made = 0
    for years_back in (3, 2, 1):
        for index in range(demo.count(3)):
            _past_case(world, themes, reviewers, years_back, index + years_back)
            made += 1
    made += _current_cases(world, themes, reviewers)
    learning.briefing_save(
        acting_user=business,
        title="Babies who are not brought to appointments",
        background="A draft, for the Workforce Development sub-group to review.",
    )
    demo.say(f"{made} cases, {PracticeReview.objects.count()} practice reviews, {len(reviewers)} reviewers")


class _World:
    """What the seeders share: the people and agencies, the chair, the dates."""

    def __init__(self, demo, business, group):
        users = demo.made["users"]
        self.demo = demo
        self.rng = demo.rng
        self.today = demo.today
        self.business = business
        self.group = group
        self.group_chair = (chairs_of(group) or [users["chair@example.org"]])[0]
        self.chair = users["chair@example.org"]
        self.member = users["member@example.org"]
        self.agency_lead_org = organisations_led_by(users["agency@example.org"]).first()
        people = [p for p in demo.made["people"] if p.is_active and p.organisation_id and p.pk > 7]
        self.people = people
        self.agencies = [
            o
            for o in demo.made["organisations"]
            if o.is_active and not o.is_safeguarding_partner and o.kind != Organisation.Kind.SCHOOL
        ][:25]
        self.partners = demo.made["partners"]

    def pick_agencies(self, n: int) -> list:
        chosen = self.rng.sample(self.agencies, n)
        return [*self.partners[1:], *chosen]

    def pick_people(self, n: int) -> list:
        return self.rng.sample(self.people, n)


def _reviewers(demo, business, agencies) -> list[Reviewer]:
    made = []
    for name, organisation, expertise, availability in REVIEWERS:
        reviewer = practice.reviewer_save(
            acting_user=business,
            name=name,
            organisation_name=organisation,
            email=f"{name.split()[-1].lower()}@reviews.example.org",
            expertise=expertise,
            availability=availability,
            availability_note="Two days a week until the spring" if availability == "limited" else "",
            previous_reviews="Four local child safeguarding practice reviews for other partnerships since 2019.",
        )
        made.append(reviewer)
    practice.conflict_add(
        acting_user=business,
        reviewer=made[2],
        organisation=agencies[0],
        description="Worked for the trust as named nurse until two years ago.",
        declared_on=demo.today - timedelta(days=400),
    )
    return made


def _case(world, *, pseudonym: str, aware, agencies, summary: str):
    incident_on = aware - timedelta(days=world.rng.randint(0, 3))
    return cases.incident_record(
        acting_user=world.business,
        child_pseudonym=pseudonym,
        age_band=world.rng.choice(["under_1", "1_4", "5_10", "11_15", "16_17"]),
        category="death" if "died" in summary else "serious_harm",
        incident_on=incident_on,
        aware_on=aware,
        agencies=agencies,
        summary=f"{pseudonym} {summary}",
    )


def _record_learning(world, review: RapidReview, themes, pseudonym: str) -> None:
    rapid.rapid_review_update(
        acting_user=world.business,
        rapid_review=review,
        facts=f"{pseudonym} lived with their mother and two younger siblings. The family moved twice in a year.",
        practice_episodes="Three missed health appointments were not followed up. A referral from school was "
        "closed without a home visit. Police attended a domestic incident and shared it the next day.",
        learning="Practitioners did not ask why the child was not brought. Information held by one agency was not "
        "known to the others. The school's referral was good practice.",
        context="The family are of Polish heritage and English is the mother's second language; no interpreter "
        "was used at the health visits. The family lived on a low income in temporary accommodation.",
        themes=world.rng.sample(themes, 3),
    )


def _past_case(world, themes, reviewers, years_back: int, index: int) -> None:
    rng, business = world.rng, world.business
    year_start = world.today.replace(year=world.today.year - years_back, month=1, day=10)
    # Early enough that the whole rapid review is over by today.
    aware = min(year_start + timedelta(days=rng.randint(0, 300)), world.today - timedelta(days=100))
    pseudonym = PSEUDONYMS[index % len(PSEUDONYMS)]
    incident = _case(
        world, pseudonym=pseudonym, aware=aware, agencies=world.pick_agencies(2), summary=SUMMARIES[index % 5]
    )
    late = index % 4 == 0
    notified = add_working_days(aware, 7 if late else rng.randint(2, 5))
    cases.incident_notify(
        acting_user=business,
        incident=incident,
        notified_on=notified,
        panel_reference=f"CSPRP-{aware.year}-{100 + index}",
        partners_told_on=notified,
    )
    review = incident.rapid_review
    chair, *members = world.pick_people(4)
    rapid.panel_set(acting_user=business, rapid_review=review, chair=chair, members=members)
    rapid.panel_meeting_add(
        acting_user=business, rapid_review=review, date=add_working_days(notified, 8), purpose="Rapid review meeting"
    )
    _record_learning(world, review, themes, pseudonym)
    decision = DECISIONS[index % len(DECISIONS)]
    decided = add_working_days(notified, 12)
    rapid.rapid_review_decide(
        acting_user=business,
        rapid_review=review,
        decision=decision,
        decision_reasons=_reasons(decision),
        decided_on=decided,
    )
    sent = add_working_days(notified, 17 if index % 5 == 0 else 14)
    rapid.rapid_review_send(acting_user=business, rapid_review=review, sent_on=sent)
    responded = add_working_days(sent, 11)
    rapid.panel_response_record(
        acting_user=business,
        rapid_review=review,
        panel_response="agrees",
        panel_response_on=responded,
        panel_response_notes="The Panel agreed with the partnership's decision and its reasons.",
    )
    if decision == "lcspr":
        _past_practice_review(world, incident, themes, reviewers, responded + timedelta(days=7), index)


def _reasons(decision: str) -> str:
    return {
        "lcspr": "The criteria for a local child safeguarding practice review are met: there is serious harm and "
        "there may be learning about how agencies worked together.",
        "no_further_review": "The rapid review identified the learning; a further review would not add to it. "
        "Agencies have already changed practice.",
        "other_learning": "The learning is best taken forward through a multi-agency audit of similar cases.",
        "national": "The case raises issues of national importance.",
    }[decision]


PAST_REVIEW_TITLES = ("Learning about injuries in babies", "Neglect that was seen but not named", "Adolescents at risk")


def _unique_title(decided) -> str:
    """Titles are unique, so a list or a search never shows two reviews (or briefings) alike:
    the titles take turns, and a repeated one says when the review was decided."""
    title = PAST_REVIEW_TITLES[PracticeReview.objects.count() % len(PAST_REVIEW_TITLES)]
    taken = set(PracticeReview.objects.filter(title__startswith=title).values_list("title", flat=True))
    if title not in taken:
        return title
    dated = f"{title} ({decided:%B %Y})"
    return dated if dated not in taken else f"{title} ({decided:%-d %B %Y})"


def _past_practice_review(world, incident, themes, reviewers, decided, index: int) -> None:
    business = world.business
    if decided > world.today:
        return
    review = practice.practice_review_create(
        acting_user=business,
        kind=PracticeReview.Kind.LCSPR,
        title=_unique_title(decided),
        decided_on=decided,
        incident=incident,
        terms_of_reference="To review how agencies worked together in the twelve months before the incident, and "
        "what would help them to recognise and respond to similar concerns.",
        themes=world.rng.sample(themes, 2),
    )
    practice.practice_review_update(
        acting_user=business,
        review=review,
        reviewer=reviewers[index % 2],
        methodology="A systems approach, with a practitioner learning event and conversations with the family.",
        family_involvement="The child's mother met the reviewer twice and contributed to the report.",
    )
    published = decided + timedelta(days=world.rng.randint(150, 200))
    milestones = [("Practitioner learning event", 60), ("Draft report to the panel", 120), ("Final report", 150)]
    for title, days in milestones:
        on = decided + timedelta(days=days)
        practice.milestone_save(
            acting_user=business, review=review, title=title, due_on=on, completed_on=min(on, world.today)
        )
    _findings(world, review, themes, leave_draft=index % 3 == 1)
    if published >= world.today:
        practice.report_upload(acting_user=business, review=review, which="draft", upload=_pdf("draft"))
        return
    practice.report_upload(acting_user=business, review=review, which="final", upload=_pdf("final"))
    practice.practice_review_update(
        acting_user=business, review=review, publication_planned_on=published, publication_url=""
    )
    practice.pre_publication_record(acting_user=business, review=review, sent_on=add_working_days(published, -9))
    practice.practice_review_publish(
        acting_user=business,
        review=review,
        published_on=published,
        publication_url="https://www.northbridge-scp.example.org/reviews",
    )
    _briefing(world, review, published)
    if review.may_come_down_on < world.today:
        # The business unit looked again when the year was up, and kept it published.
        period = Deadline.objects.for_subject(review).get(rule__key="publication_period")
        clock.deadline_meet(
            deadline=period,
            acting_user=business,
            when=timezone.make_aware(datetime.combine(review.may_come_down_on, time(12))),
            reason="Reviewed after a year: kept published, still used in training",
        )


def _findings(world, review: PracticeReview, themes, *, leave_draft: bool = False) -> None:
    business = world.business
    texts = [
        (
            "Missed health appointments were treated as an administrative matter, not a safeguarding one.",
            "Adopt a partnership 'was not brought' policy for children's health appointments.",
        ),
        (
            "Information held by the police and the school was not known to the health visitor.",
            "Make sure domestic abuse notifications reach health visitors within one working day.",
        ),
    ]
    for position, (finding_text, recommendation_text) in enumerate(texts):
        finding = practice.finding_add(
            acting_user=business, review=review, text=finding_text, themes=world.rng.sample(themes, 2)
        )
        recommendation = practice.recommendation_add(
            acting_user=business, review=review, finding=finding, text=recommendation_text
        )
        plan = practice.recommendation_plan_start(acting_user=business, recommendation=recommendation)
        owner_org = world.agencies[position]
        for action_text, days in (("Write and agree the policy", 60), ("Audit ten cases to check it is used", 150)):
            plan_services.action_add(
                acting_user=business,
                plan=plan,
                description=action_text,
                owner=world.group_chair,
                owner_organisation=owner_org,
                due_date=world.today + timedelta(days=days - 90),
            )
        if position == 1 and leave_draft:
            continue
        plan_services.plan_submit(acting_user=business, plan=plan)
        plan_services.plan_approve(acting_user=world.group_chair, plan=plan)
        if position == 0:
            for action in plan.actions.all():
                plan_services.action_update(
                    acting_user=business, action=action, status=Action.Status.COMPLETE, text="Done and evidenced."
                )
            plan_services.plan_complete(acting_user=business, plan=plan)
            plan_services.plan_sign_off(
                acting_user=world.group_chair,
                plan=plan,
                impact_statement="A re-audit found missed appointments for babies followed up in 9 of 10 cases.",
            )


def _briefing(world, review: PracticeReview, published) -> None:
    business = world.business
    briefing = learning.briefing_save(
        acting_user=business,
        title=f"Learning from practice review {review.reference}: {review.title[0].lower()}{review.title[1:]}",
        practice_review=review,
        background="A young child was seriously harmed at home. The partnership commissioned an independent review.",
        why_it_matters="Children who are not brought to appointments may be children whose needs are not being met.",
        what_happened="Several agencies knew part of the picture. Appointments were missed and not followed up; a "
        "referral from school was closed without a visit.",
        what_we_learned="No single agency had the whole picture. Missed appointments are a safeguarding question.",
        what_good_looks_like="Every missed appointment for a young child is followed up, and the reason recorded. "
        "Practitioners share what they know, and check what others know.",
        questions_for_practice="When did you last ask why a child was not brought? Who else might know something "
        "about this family?",
        resources="The partnership's 'was not brought' policy; the multi-agency information sharing agreement; "
        "the neglect toolkit.",
        themes=list(review.themes.all()),
    )
    learning.briefing_publish(acting_user=business, briefing=briefing, published_on=published + timedelta(days=3))
    training = published + timedelta(days=30)
    if training <= world.today:
        learning.dissemination_record(
            acting_user=business,
            briefing=briefing,
            kind="group",
            group=world.group,
            on=published + timedelta(days=5),
            notes="Discussed at the sub-group's meeting.",
        )
        learning.dissemination_record(
            acting_user=business,
            briefing=briefing,
            kind="training",
            training="Multi-agency safeguarding: learning from reviews",
            on=training,
            reach=world.rng.randint(15, 60),
        )


def _current_cases(world, themes, reviewers) -> int:
    """This month's work: a case in every stage."""
    rng, business, today = world.rng, world.business, world.today
    # Notification due (aware two working days ago), and one overdue.
    _case(
        world,
        pseudonym="Child W",
        aware=add_working_days(today, -2),
        agencies=world.pick_agencies(1),
        summary=SUMMARIES[2],
    )
    _case(
        world,
        pseudonym="Child Y",
        aware=add_working_days(today, -7),
        agencies=world.pick_agencies(2),
        summary=SUMMARIES[1],
    )
    # The rapid review the demo chair chairs, with the demo agency's return owed.
    involved = list(dict.fromkeys([*world.pick_agencies(1), world.agency_lead_org]))
    incident = _case(
        world, pseudonym="Child F", aware=add_working_days(today, -6), agencies=involved, summary=SUMMARIES[0]
    )
    cases.incident_notify(acting_user=business, incident=incident, notified_on=add_working_days(today, -4))
    review = incident.rapid_review
    rapid.panel_set(
        acting_user=business, rapid_review=review, chair=world.chair, members=[world.member, *world.pick_people(2)]
    )
    rapid.panel_meeting_add(
        acting_user=business, rapid_review=review, date=add_working_days(today, 3), purpose="Rapid review meeting"
    )
    returns = rapid.returns_request(
        acting_user=business, rapid_review=review, organisations=[o for o in involved if o is not None]
    )
    answered = next(r for r in returns if r.organisation != world.agency_lead_org)
    rapid.return_submit(
        acting_user=business,
        agency_return=answered,
        chronology="3 March: seen by the GP with a cough.\n12 March: not brought to the 8-month check.",
        analysis="The missed check was not followed up. We have since changed our process.",
    )
    rapid.safety_action_add(
        acting_user=business,
        rapid_review=review,
        description="Hold a strategy discussion about the safety of the siblings",
        owner=world.chair,
        owner_organisation=world.partners[0],
        due_date=add_working_days(today, 2),
    )
    plan_services.plan_submit(acting_user=business, plan=review.safety_plan)
    # Decided and sent, awaiting the Panel.
    sent_case = _case(
        world,
        pseudonym="Child G",
        aware=today - timedelta(days=40),
        agencies=world.pick_agencies(2),
        summary=SUMMARIES[3],
    )
    cases.incident_notify(acting_user=business, incident=sent_case, notified_on=add_working_days(sent_case.aware_on, 3))
    sent_review = sent_case.rapid_review
    rapid.panel_set(acting_user=business, rapid_review=sent_review, chair=world.pick_people(1)[0], members=[])
    _record_learning(world, sent_review, themes, "Child G")
    decided = add_working_days(sent_case.notified_on, 12)
    rapid.rapid_review_decide(
        acting_user=business,
        rapid_review=sent_review,
        decision="lcspr",
        decision_reasons=_reasons("lcspr"),
        decided_on=decided,
    )
    rapid.rapid_review_send(acting_user=business, rapid_review=sent_review, sent_on=add_working_days(decided, 1))
    # Referrals: one to decide, one closed, one passed to a multi-agency learning review.
    agency = world.agency_lead_org or world.agencies[0]
    cases.referral_make(
        acting_user=business,
        organisation=agency,
        referral_reason="Repeated concerns about neglect that did not meet the threshold; we think there is learning.",
        child_pseudonym="Child Q",
        age_band="5_10",
        category="serious_harm",
        incident_on=today - timedelta(days=12),
        aware_on=today - timedelta(days=10),
        agencies=world.pick_agencies(1),
        summary="Child Q has been on a child in need plan twice in two years.",
    )
    closed = cases.referral_make(
        acting_user=business,
        organisation=world.agencies[3],
        referral_reason="A serious injury at school.",
        child_pseudonym="Child V",
        age_band="11_15",
        category="serious_harm",
        incident_on=today - timedelta(days=30),
        aware_on=today - timedelta(days=28),
        agencies=[],
        summary="An accidental injury during PE.",
    )
    cases.incident_close(
        acting_user=business,
        incident=closed,
        reason="An accident with no safeguarding concerns; the school has reviewed its risk assessment.",
    )
    passed = cases.referral_make(
        acting_user=business,
        organisation=world.agencies[4],
        referral_reason="Three young people known to the same youth club were exploited.",
        child_pseudonym="Child X",
        age_band="16_17",
        category="serious_harm",
        incident_on=today - timedelta(days=70),
        aware_on=today - timedelta(days=65),
        agencies=world.pick_agencies(2),
        summary="Exploitation linked to a county line.",
    )
    thematic = practice.practice_review_create(
        acting_user=business,
        kind=PracticeReview.Kind.MULTI_AGENCY,
        title="Multi-agency learning about exploitation of adolescents",
        decided_on=today - timedelta(days=60),
        incident=passed,
        themes=[themes[8], themes[0]],
    )
    practice.practice_review_update(acting_user=business, review=thematic, reviewer=reviewers[1])
    practice.milestone_save(
        acting_user=business, review=thematic, title="Practitioner learning event", due_on=today + timedelta(days=20)
    )
    # A thematic review paused during criminal proceedings, and one waiting for its reviewer.
    paused = practice.practice_review_create(
        acting_user=business,
        kind=PracticeReview.Kind.THEMATIC,
        title="Thematic review of sudden unexpected infant deaths",
        decided_on=today - timedelta(days=120),
        themes=[themes[6], themes[5]],
    )
    practice.practice_review_update(acting_user=business, review=paused, reviewer=reviewers[4])
    practice.practice_review_pause(acting_user=business, review=paused, reason="Criminal proceedings are under way")
    practice.practice_review_create(
        acting_user=business,
        kind=PracticeReview.Kind.GOOD_PRACTICE,
        title="Good practice review: early help for families with young carers",
        decided_on=today - timedelta(days=rng.randint(5, 20)),
        themes=[themes[3]],
    )
    return 7


def _pdf(tag: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{tag}-report.pdf", PDF + f"%{tag}\n".encode())
