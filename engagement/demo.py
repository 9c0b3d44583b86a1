"""Demo data for listening, through the services (so the history, deadlines and messages are
real): a practitioners' survey run twice (last year's closed run and this year's open one, to
compare), an agencies' survey, a children's forum survey, and about forty "you said, we did"
entries in every state.

Everything is fictional; the comments were written for the demo. Some name a child on purpose,
so the moderation step has something to catch.
"""

from datetime import timedelta

from core.models import Deadline
from partnership.models import Organisation
from partnership.permissions import contacts_for_organisations
from subgroups.models import PartnershipGroup
from subgroups.selectors.groups import chairs_of

from .models import Question, Survey, YouSaid
from .services import moderation as moderation_services
from .services import responses as response_services
from .services import surveys as survey_services
from .services import voices as voice_services

PRACTITIONER_QUESTIONS = [
    (
        "Working together",
        [
            ("How well do agencies share information about children at risk?", "scale", []),
            (
                "Do you know how to escalate a professional disagreement?",
                "single",
                ["Yes, and I have used it", "Yes, but I have not used it", "No"],
            ),
        ],
    ),
    (
        "The voice of the child",
        [
            ("How confident are you that children’s views are recorded in your agency’s work?", "scale", []),
            (
                "How do you capture what children tell you?",
                "multiple",
                ["In case notes", "Direct work tools", "Advocates", "Feedback forms", "Not routinely"],
            ),
        ],
    ),
    (
        "Learning and support",
        [
            (
                "Which multi-agency training have you been on in the last year?",
                "multiple",
                ["Neglect", "Exploitation", "Domestic abuse", "Professional curiosity", "None"],
            ),
            ("What one thing would help you keep children safer?", "text", []),
        ],
    ),
]
COMMENTS = [
    "More joint supervision with health colleagues would help.",
    "Strategy meetings are hard to join at short notice.",
    "Training on exploitation was excellent, more please.",
    "A single contact for each school would make sharing easier.",
    "The threshold document is hard to apply to neglect cases.",
    "Feedback after a referral would help us learn.",
    "Kayden told me he never sees the same worker twice.",
    "Caseloads are too high to do proper direct work.",
    "Ask Sophie Marsh in the hub, she was brilliant.",
    "Clearer guidance on information sharing with GPs.",
]
ROLES = ["social_work", "health", "police", "education", "early_help", "voluntary", "manager", "gp", "youth"]
CHILDREN_QUESTIONS = [
    ("Do you feel safe in your area?", "single", ["Yes", "Most of the time", "No"]),
    ("How much do adults listen to you?", "scale", []),
    ("Where do you feel safest?", "multiple", ["At home", "At school", "With friends", "At youth club", "Online"]),
    ("What would make you feel safer?", "text", []),
]
CHILDREN_COMMENTS = [
    "More lights near the park",
    "Buses later at night",
    "Someone to talk to at school who isn’t a teacher",
    "Police who know our names",
    "Less waiting to see a worker",
]
# (you said, where we heard it, who said it, what we did): fictional, written for the demo.
YOU_SAID = [
    (
        "Buses to the youth centre stop too early in the evening",
        "youth_council",
        "children",
        "The bus company added a later service on weekdays.",
    ),
    (
        "Young people want to meet the same worker each time",
        "forum",
        "children",
        "Teams now keep the same worker for a young person wherever they can.",
    ),
    (
        "Letters from social care are hard to understand",
        "listening_hub",
        "families",
        "Letters were rewritten with young people and parents, in plain English.",
    ),
    (
        "Parents were not told what happens after a strategy meeting",
        "case_review",
        "families",
        "Families now get a written summary after each strategy meeting.",
    ),
    (
        "Young people want somewhere quiet to talk at school",
        "forum",
        "children",
        "Four schools opened a quiet room with a trusted adult.",
    ),
    (
        "Care leavers want help with money and housing earlier",
        "youth_council",
        "children",
        "Advice sessions for care leavers now start at sixteen.",
    ),
    (
        "Children want to know why decisions are made about them",
        "survey",
        "children",
        "Social workers now write to the child after each review, explaining the decision.",
    ),
    (
        "Families want one plan, not one from each agency",
        "case_review",
        "families",
        "Agencies now agree one family plan at the first meeting.",
    ),
    (
        "Online safety lessons feel out of date",
        "forum",
        "children",
        "Young people helped rewrite the online safety lessons used in schools.",
    ),
    (
        "Young carers are not noticed at school",
        "listening_hub",
        "children",
        "Every secondary school now has a named lead for young carers.",
    ),
    (
        "Parents want meetings at times they can attend",
        "parents",
        "families",
        "Child protection conferences are now offered in the late afternoon.",
    ),
    (
        "Young people feel unsafe walking home past the station",
        "youth_council",
        "children",
        "Lighting was improved and the police added evening patrols.",
    ),
    (
        "Children want more say in their child protection meetings",
        "listening_hub",
        "children",
        "Children can now bring an advocate, or send their views in their own words.",
    ),
    (
        "Families want to be asked what helped, after a review",
        "case_review",
        "families",
        "Every practice review now asks the family what helped and what did not.",
    ),
    (
        "Young people do not know who to tell if they are worried",
        "forum",
        "children",
        "Posters designed by young people now say who to tell, in every school.",
    ),
    (
        "Waiting lists for mental health support are too long",
        "youth_council",
        "children",
        "A drop-in service now sees young people while they wait.",
    ),
    (
        "Children in care want to see their brothers and sisters more",
        "listening_hub",
        "children",
        "Plans for children in care now set out how often they see their siblings.",
    ),
    (
        "Parents of disabled children feel they repeat their story",
        "parents",
        "families",
        "One assessment is now shared between health, education and social care.",
    ),
    (
        "Young people want youth workers in the evenings and holidays",
        "youth_council",
        "children",
        "Two youth centres now open in the evenings and in the school holidays.",
    ),
    (
        "Children do not like being taken out of lessons for meetings",
        "forum",
        "children",
        "Meetings with children in school now happen at break or after school where they can.",
    ),
    (
        "Young people want police officers to explain what happens next",
        "survey",
        "children",
        "Officers now give young people a card that explains what happens next.",
    ),
    (
        "Families felt judged when they first asked for help",
        "case_review",
        "families",
        "Front-door staff trained with parents on how to ask for help without blame.",
    ),
    (
        "Young people want training for teachers on exploitation",
        "youth_council",
        "children",
        "All secondary schools had training on exploitation, co-delivered by young people.",
    ),
    (
        "Children want to know their social worker is leaving before they go",
        "listening_hub",
        "children",
        "Workers now say goodbye and introduce the next worker before they leave.",
    ),
    (
        "Parents want information in their own language",
        "parents",
        "families",
        "Key leaflets are now in the five most spoken languages in the area.",
    ),
    (
        "Young people want somewhere safe to go at weekends",
        "youth_council",
        "children",
        "A weekend activity programme started in three neighbourhoods.",
    ),
    (
        "Children said school nurses are hard to find",
        "forum",
        "children",
        "School nurse drop-in times are now on every school’s website.",
    ),
    (
        "Families want to know who is coming to a home visit",
        "case_review",
        "families",
        "Families are now told who will visit, and why, before each visit.",
    ),
    (
        "Young people want help to stay safe online from older people",
        "survey",
        "children",
        "A peer-led online safety programme started in youth clubs.",
    ),
    (
        "Care leavers want a key to their own front door at eighteen",
        "youth_council",
        "children",
        "More supported flats were agreed for care leavers this year.",
    ),
    (
        "Children want reviews written so they can read them later",
        "listening_hub",
        "children",
        "Records are now written to the child, so they can read them when they are older.",
    ),
    (
        "Parents want feedback after a referral",
        "parents",
        "families",
        "Families are now told the outcome of a referral within five working days.",
    ),
    (
        "Young people want to help choose new staff",
        "youth_council",
        "children",
        "Young people now sit on interview panels for key posts.",
    ),
    (
        "Children said assemblies about abuse were frightening",
        "forum",
        "children",
        "Assemblies were redesigned with pupils, with a quieter session for younger children.",
    ),
    (
        "Families want the same message from health and social care",
        "case_review",
        "families",
        "Health and social care now share one letter after joint visits.",
    ),
    (
        "Young people want more sports and clubs that are free",
        "youth_council",
        "children",
        "Free holiday clubs now run in every school holiday.",
    ),
    (
        "Children want to be asked before information about them is shared",
        "listening_hub",
        "children",
        "Workers now explain to children what will be shared, and with whom.",
    ),
    (
        "Parents want support groups in the evenings",
        "parents",
        "families",
        "An evening parents’ group now meets every fortnight.",
    ),
    (
        "Young people want less waiting to see a worker",
        "survey",
        "children",
        "A duty worker now sees young people on the day they ask.",
    ),
    (
        "Young people want adults to listen without judging",
        "forum",
        "children",
        "Training on listening to children is now part of the partnership’s core programme.",
    ),
]


def seed(demo) -> None:
    users = demo.made["users"]
    business = users["business@example.org"]
    organisations = [o for o in demo.made["organisations"] if o.is_active]
    agencies = [o for o in organisations if o.kind != Organisation.Kind.SCHOOL][:18]
    lead_org = users["agency@example.org"].organisation
    if lead_org is not None and lead_org not in agencies:
        agencies[0] = lead_org
    earlier, current = _practitioner_surveys(demo, business, agencies)
    leads = _agencies_survey(demo, business, agencies, users)
    children = _children_survey(demo, business, users)
    items = _you_said(demo, business, users, children)
    demo.made["surveys"] = [earlier, current, leads, children]
    demo.say(
        f"4 surveys ({earlier.responses.count()} and {current.responses.count()} practitioners’ answers, "
        f"{children.responses.count()} young people’s), {items} “you said, we did” entries"
    )


def _build(business, *, title, purpose, audience, sections, opens_on, closes_on) -> Survey:
    survey = survey_services.survey_create(
        acting_user=business, title=title, purpose=purpose, audience=audience, opens_on=opens_on, closes_on=closes_on
    )
    first = survey.sections.get()
    for index, (heading, questions) in enumerate(sections):
        section = (
            first if index == 0 else survey_services.section_save(acting_user=business, survey=survey, title=heading)
        )
        if index == 0:
            survey_services.section_save(acting_user=business, survey=survey, section=section, title=heading)
        for text, kind, choices in questions:
            survey_services.question_save(
                acting_user=business,
                section=section,
                text=text,
                kind=kind,
                choices=choices,
                required=kind != Question.Kind.TEXT,
                scale_low_label="Not at all" if kind == Question.Kind.SCALE else "",
                scale_high_label="Very well" if kind == Question.Kind.SCALE else "",
            )
    return survey


def _answers(demo, survey, *, lean: float = 0.0, comments=COMMENTS, comment_share: float = 0.4) -> dict:
    """Random answers, better by `lean` (0 to 1) on scales and the first choices."""
    rng = demo.rng
    values = {}
    for question in survey.questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        if question.kind == Question.Kind.SINGLE:
            weights = [1 + lean * 2 if i == 0 else 1 for i in range(len(choices))]
            values[question] = rng.choices(choices, weights=weights)[0]
        elif question.kind == Question.Kind.MULTIPLE:
            values[question] = [c for c in choices[:-1] if rng.random() < 0.35 + lean * 0.2] or [choices[-1]]
        elif question.kind == Question.Kind.SCALE:
            values[question] = max(1, min(5, round(rng.gauss(2.8 + lean * 1.2, 1))))
        else:
            values[question] = rng.choice(comments) if rng.random() < comment_share else ""
    return values


def _answer_publicly(demo, survey, count, agencies, *, lean):
    for _ in range(count):
        organisation = demo.rng.choice(agencies) if demo.rng.random() < 0.85 else None
        response_services.public_response_record(
            survey=survey,
            values=_answers(demo, survey, lean=lean),
            organisation=organisation,
            role=demo.rng.choice(ROLES),
        )


def _practitioner_surveys(demo, business, agencies) -> tuple[Survey, Survey]:
    today = demo.today
    earlier = _build(
        business,
        title="Multi-agency practitioners’ survey",
        purpose="How well do agencies work together to keep children safe? Your answers shape the partnership’s "
        "priorities and its training. It takes about ten minutes, and it is anonymous.",
        audience=Survey.Audience.PRACTITIONERS,
        sections=PRACTITIONER_QUESTIONS,
        opens_on=today,
        closes_on=today + timedelta(days=21),
    )
    survey_services.agencies_invite(acting_user=business, survey=earlier, organisations=agencies)
    numbers = {invited.pk: demo.rng.randint(20, 120) for invited in earlier.invited.all()}
    survey_services.staff_numbers_save(acting_user=business, survey=earlier, numbers=numbers)
    earlier = survey_services.survey_publish(acting_user=business, survey=earlier)
    _answer_publicly(demo, earlier, 53, agencies, lean=0.0)
    moderation_services.approve_clear_comments(acting_user=business, survey=earlier)
    for answer in earlier.questions.get(kind="text").answers.filter(moderation="awaiting"):
        moderation_services.answer_moderate(
            acting_user=business,
            answer=answer,
            approve=True,
            text=answer.text.replace("Kayden", "A young person").replace("Ask Sophie Marsh in the hub, she", "The hub"),
            confirmed=True,
        )
    earlier = survey_services.survey_close(acting_user=business, survey=earlier, reason="Closed")
    survey_services.results_release(acting_user=business, survey=earlier)
    # Last year's run: moved back a year, as it would have been.
    Survey.objects.filter(pk=earlier.pk).update(
        opens_on=today - timedelta(days=380), closes_on=today - timedelta(days=359)
    )
    earlier.refresh_from_db()
    current = survey_services.survey_rerun(
        acting_user=business, survey=earlier, opens_on=today - timedelta(days=20), closes_on=today + timedelta(days=10)
    )
    current = survey_services.survey_publish(acting_user=business, survey=current)
    _answer_publicly(demo, current, min(300, demo.count(150)), agencies, lean=0.35)
    moderation_services.approve_clear_comments(acting_user=business, survey=current)
    return earlier, current


def _agencies_survey(demo, business, agencies, users) -> Survey:
    today = demo.today
    survey = _build(
        business,
        title="How does your agency capture the voice of the child?",
        purpose="The partnership asks each agency how it makes sure children’s and families’ views are heard "
        "and change what it does. Answer for your agency.",
        audience=Survey.Audience.AGENCY_LEADS,
        sections=[
            (
                "Hearing children",
                [
                    (
                        "How does your agency record what children say?",
                        "multiple",
                        ["Case records", "Direct work", "Advocacy", "Surveys", "Forums"],
                    ),
                    ("How well does it change your services?", "scale", []),
                    ("Give one example of a change made because of what children said.", "text", []),
                ],
            )
        ],
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=20),
    )
    survey_services.agencies_invite(acting_user=business, survey=survey, organisations=agencies[:12])
    survey = survey_services.survey_publish(acting_user=business, survey=survey)
    lead = users["agency@example.org"]
    answered = 0
    for organisation in agencies[1:12]:
        leads = [u for u in organisation_leads(organisation) if u.pk != lead.pk]
        if leads and demo.rng.random() < 0.6:
            response_services.agency_answer_record(
                acting_user=leads[0], survey=survey, organisation=organisation, values=_answers(demo, survey, lean=0.5)
            )
            answered += 1
    return survey


def organisation_leads(organisation) -> list:
    return contacts_for_organisations([organisation.pk]).get(organisation.pk, [])


def _children_survey(demo, business, users) -> Survey:
    today = demo.today
    facilitator = users["member@example.org"]
    survey = _build(
        business,
        title="Feeling safe: what young people told us",
        purpose="Young people at the youth council and school forums were asked where they feel safe and what would "
        "help. Facilitators entered their answers; no names were taken.",
        audience=Survey.Audience.CHILDREN,
        sections=[("Feeling safe", CHILDREN_QUESTIONS)],
        opens_on=today - timedelta(days=40),
        closes_on=today + timedelta(days=5),
    )
    survey_services.facilitators_set(acting_user=business, survey=survey, people=[facilitator])
    survey = survey_services.survey_publish(acting_user=business, survey=survey)
    for forum, count, held in (("Youth council", 14, 30), ("Eastvale Academy pupil voice", 10, 12)):
        session = response_services.session_start(
            acting_user=facilitator, survey=survey, forum=forum, held_on=today - timedelta(days=held)
        )
        for _ in range(count):
            response_services.child_response_record(
                acting_user=facilitator,
                session=session,
                values=_answers(demo, survey, lean=0.2, comments=CHILDREN_COMMENTS, comment_share=0.7),
                age_group=demo.rng.choice(["11_15", "11_15", "16_17", "under_11"]),
            )
    moderation_services.approve_clear_comments(acting_user=business, survey=survey)
    survey = survey_services.survey_close(acting_user=business, survey=survey, reason="Closed")
    survey_services.results_release(acting_user=business, survey=survey)
    return survey


def _you_said(demo, business, users, children) -> int:
    today = demo.today
    groups = demo.made.get("groups", {})
    voice_group = next((g for g in groups.values() if g.remit == PartnershipGroup.Remit.VOICE), None)
    review_group = next((g for g in groups.values() if g.remit == PartnershipGroup.Remit.PRACTICE_REVIEW), None)
    priorities = demo.made.get("priorities", [])
    owners = [users["agency@example.org"], users["member@example.org"], users["chair@example.org"]]
    owners += [p for p in demo.made["people"] if p.is_active and p.groups.exists()][:5]
    lead_org = users["agency@example.org"].organisation
    count = 0
    for index, (summary, source, voice, we_did) in enumerate(YOU_SAID):
        group = review_group if source == "case_review" else voice_group
        item = voice_services.you_said_save(
            acting_user=business,
            summary=summary,
            said=f"{summary}. They told us this at a session in {['spring', 'summer', 'autumn', 'winter'][index % 4]}.",
            voice=voice,
            source=source,
            source_detail="Session notes, no names" if source != "case_review" else "Family contribution to a review",
            heard_on=today - timedelta(days=300 - index * 7),
            group=group,
            survey=children if source == "survey" else None,
            priorities=[priorities[index % len(priorities)]] if priorities else [],
            organisations=[lead_org] if lead_org is not None and index % 5 == 0 else [],
        )
        count += 1
        stage = index % 5
        if stage == 0 and index >= 25:
            continue  # recorded, waiting for an owner
        owner = owners[index % len(owners)]
        voice_services.you_said_assign(
            acting_user=business,
            item=item,
            owner=owner,
            response_due=today + timedelta(days=30),
            we_will="We will raise it with the agencies that can change it, and tell you what they say.",
        )
        if stage == 1:
            if index % 2:  # given out long ago, and now overdue
                overdue = today - timedelta(days=10)
                YouSaid.objects.filter(pk=item.pk).update(response_due=overdue)
                Deadline.objects.for_subject(item).update(due_date=overdue, original_due_date=overdue)
            continue  # with its owner
        voice_services.you_said_respond(
            acting_user=owner,
            item=item,
            we_did=we_did,
            done_on=min(today, item.heard_on + timedelta(days=60)),
        )
        if stage == 2:
            continue  # awaiting the chair's review
        reviewer = _reviewer(group) or business
        voice_services.you_said_review(acting_user=reviewer, item=item, agree=True, note="Agreed")
        if stage in (3, 0):
            voice_services.you_said_publish(acting_user=business, item=item)
    return count


def _reviewer(group):
    if group is None:
        return None
    chairs = chairs_of(group)
    return chairs[0] if chairs else None
