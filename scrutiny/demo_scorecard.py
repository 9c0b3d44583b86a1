"""Demo data for the scorecard and the yearly report (fictional, like the rest of the demo).

Twenty-nine typed indicators of the kinds a multi-agency scorecard carries, owned by the three
partners and an NHS trust, with twelve quarters of values that drift plausibly, a few exceptions
in the latest quarter and comments on the recent ones; and one indicator for each figure the
portal computes itself (core.assurance: overdue actions, notifications and rapid reviews on
time, the Section 11 return rate). With
--scale N each typed indicator is repeated for N - 1 localities. Then the previous year's
report, signed off by each partner's named signatory, published and sent, and the current year's
with its sections written, submitted for sign-off and signed by one partner.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core import assurance
from core.roles import Role, has_role
from partnership.demo import DISTRICTS
from partnership.selectors import lead_users

from .figures import OVERDUE_ACTIONS
from .models import Indicator, IndicatorValue, ReportSignOff, ReportVersion
from .periods import Quarter, year_of
from .report import compile_report, render_report_pdf
from .services import report as report_services
from .services import scorecard as services
from .services import signatories as signatory_services

QUARTERS = 12
P, N, R, D = "percent", "number", "rate_10k", "days"
UP, DOWN = "higher", "lower"


class Spec(NamedTuple):
    name: str
    owner: str  # "council", "icb", "police" or "trust"
    unit: str
    polarity: str
    rating: tuple | None  # (target, amber, red), or None for an indicator kept for context
    start: float  # the value twelve quarters ago
    drift: float  # the change per quarter
    noise: float
    definition: str
    final: float | None = None  # the latest quarter's value, to make an exception
    priority: str | None = None


# fmt: off
INDICATORS = [
    Spec("Children in need, rate per 10,000 children", "council", R, DOWN,
         None, 318, 1.2, 4,
         "Children in need at the end of the quarter (including those on plans and looked after), per "
         "10,000 children aged under 18."),
    Spec("Child protection plans, rate per 10,000 children", "council", R, DOWN,
         None, 41, 0.3, 1.5,
         "Children subject to a child protection plan at the end of the quarter, per 10,000 children aged "
         "under 18."),
    Spec("Looked-after children, rate per 10,000 children", "council", R, DOWN,
         None, 71, 0.4, 1.2,
         "Children looked after by the local authority at the end of the quarter, per 10,000 children aged "
         "under 18."),
    Spec("Second or subsequent child protection plans", "council", P, DOWN,
         (20, 20, 25), 24.5, -0.25, 1.2,
         "Child protection plans started in the quarter for a child who had been on a plan before, as a "
         "share of all plans started.",
         priority="Neglect"),
    Spec("Child protection plans lasting two years or more", "council", P, DOWN,
         (3, 3, 6), 4.8, -0.1, 0.4,
         "Plans ended in the quarter that had lasted two years or more, as a share of all plans ended."),
    Spec("Re-referrals to children's social care within 12 months", "council", P, DOWN,
         (18, 18, 24), 22.5, -0.15, 1.0,
         "Referrals in the quarter for a child referred within the previous 12 months, as a share of all "
         "referrals.",
         priority="Early help"),
    Spec("Child protection visits within timescale", "council", P, UP,
         (95, 95, 85), 88, 0.5, 1.2,
         "Visits to children on a child protection plan made within 10 working days of the previous visit."),
    Spec("Initial child protection conferences within 15 working days", "council", P, UP,
         (85, 85, 70), 83, -0.2, 2.5,
         "Initial conferences held within 15 working days of the strategy discussion that started the "
         "section 47 enquiry.",
         final=77.5),
    Spec("Assessments completed within 45 working days", "council", P, UP,
         (90, 90, 75), 84, 0.4, 1.5,
         "Children and family assessments completed in the quarter within 45 working days of the referral."),
    Spec("Early help assessments started", "council", N, UP,
         (450, 450, 350), 405, 6, 15,
         "Early help assessments started in the quarter by any agency and registered with the early help "
         "hub.",
         priority="Early help"),
    Spec("Early help assessments led by schools and health", "council", P, UP,
         (40, 40, 30), 31, 0.6, 1.5,
         "Early help assessments started in the quarter whose lead practitioner works in a school, college "
         "or health service.",
         priority="Early help"),
    Spec("Return interviews offered within 72 hours", "council", P, UP,
         (90, 90, 75), 80, 0.4, 2.0,
         "Children returning from a missing episode who were offered an independent return interview "
         "within 72 hours.",
         final=72.4, priority="Exploitation and contextual safeguarding"),
    Spec("Return interviews accepted", "council", P, UP,
         (70, 70, 50), 58, 0.6, 2.5,
         "Return interviews offered in the quarter that the child accepted.",
         priority="Exploitation and contextual safeguarding"),
    Spec("Missing episodes reported", "police", N, DOWN,
         None, 318, -2, 14,
         "Episodes of children reported missing from home or care to the police in the quarter.",
         priority="Exploitation and contextual safeguarding"),
    Spec("Domestic abuse incidents with children in the household", "police", N, DOWN,
         None, 540, 3, 22,
         "Domestic abuse incidents attended by the police in the quarter where a child lived in the "
         "household.",
         priority="Domestic abuse"),
    Spec("Operation Encompass notifications before the next school day", "police", P, UP,
         (95, 95, 80), 86, 0.7, 1.5,
         "Notifications to a child's school about a domestic abuse incident sent before 9am on the next "
         "school day.",
         priority="Domestic abuse"),
    Spec("Cases heard at the MARAC with children in the household", "police", N, DOWN,
         None, 96, 0.5, 6,
         "High-risk domestic abuse cases heard at the multi-agency risk assessment conference with "
         "children in the household.",
         priority="Domestic abuse"),
    Spec("Repeat MARAC referrals", "police", P, DOWN,
         (28, 28, 38), 33, -0.3, 1.5,
         "Cases referred to the MARAC in the quarter that had been heard there in the previous 12 months.",
         priority="Domestic abuse"),
    Spec("Strategy discussions with police and health present", "police", P, UP,
         (95, 95, 85), 87, 0.5, 1.5,
         "Strategy discussions in the quarter attended by the police, health and children's social care."),
    Spec("Children identified as at risk of exploitation", "police", N, DOWN,
         None, 47, 0.4, 4,
         "Children discussed at the multi-agency child exploitation meeting in the quarter.",
         priority="Exploitation and contextual safeguarding"),
    Spec("Allegations against adults referred to the LADO", "council", N, UP,
         None, 58, 1, 6,
         "Referrals to the local authority designated officer about adults who work with children (more "
         "shows awareness)."),
    Spec("LADO referrals concluded within three months", "council", P, UP,
         (80, 80, 60), 71, 0.5, 3,
         "Allegations concluded in the quarter within three months of the referral."),
    Spec("Initial health assessments for looked-after children within 20 working days", "icb", P, UP,
         (90, 90, 70), 74, -0.3, 2.5,
         "Initial health assessments completed within 20 working days of the child becoming looked after.",
         final=66.0),
    Spec("Review health assessments for looked-after children on time", "icb", P, UP,
         (90, 90, 75), 85, 0.3, 1.5,
         "Review health assessments completed by their due date."),
    Spec("Safeguarding supervision for health visitors and school nurses", "trust", P, UP,
         (95, 95, 80), 90, 0.3, 1.2,
         "Health visitors and school nurses who had safeguarding supervision in the quarter as the policy "
         "requires.",
         priority="Neglect"),
    Spec("Level 3 safeguarding children training in the trust", "trust", P, UP,
         (90, 90, 80), 82, 0.4, 1.0,
         "Trust staff needing level 3 safeguarding children training whose training is in date."),
    # Multi-agency training attendance, evaluations and follow-ups are computed from the training
    # app's records (training/figures.py), so they are no longer typed here.
    Spec("Days from referral to strategy discussion", "police", D, DOWN,
         (1, 1, 3), 1.9, -0.03, 0.2,
         "Average working days from a referral raising significant harm to the strategy discussion."),
]
# fmt: on
COMMENTS = {
    "better": [
        "Improved after the front door's new duty rota.",
        "Better: the audit findings were taken to every team meeting.",
        "Steady improvement since the new tracking report went to managers weekly.",
        "Recovered after the vacancies were filled.",
    ],
    "worse": [
        "Worse this quarter: sickness in two teams. A recovery plan is agreed with the service manager.",
        "A rise in demand over the school holidays; capacity is being reviewed.",
        "Recording changed in the new case system; the figure is being checked.",
        "Agency staff turnover affected timeliness. Reported to the effectiveness sub-group.",
    ],
    "level": ["No change; within the expected range."],
}
TEXTS = {
    "foreword": "This is our report on the year as the safeguarding partners for Northbridge. We have kept our "
    "focus on neglect, exploitation, domestic abuse and the voice of children, and we are more confident that we "
    "know where practice is strong and where it is not.\n\nWe are most concerned about the timeliness of health "
    "assessments for children coming into care and about return interviews for children who go missing. Both are "
    "on our risk register and both have action plans the Executive reviews every quarter.",
    "arrangements": "The three safeguarding partners, Northbridge City Council, NHS Northbridge and Eastvale "
    "Integrated Care Board and Northshire Police, share equal responsibility. The Executive of the delegated "
    "partners meets quarterly; the Safeguarding Partnership Board brings the relevant agencies together; eight "
    "sub-groups do the work. The partners agree the budget each year; their contributions are shown below.",
    "training": "The partnership ran 48 multi-agency courses this year. Every course on neglect now uses the graded "
    "care profile, and the learning from our rapid reviews is in the professional curiosity course within two "
    "months of each review. Three months after each course we ask attendees and their managers what changed: "
    "most describe using the escalation policy sooner and recording the child's lived experience better.",
    "voice": "Young people from the youth board reviewed our exploitation leaflet and rewrote it. Parents who had "
    "been through child protection conferences told us the reports arrived too late to read; reports now go out "
    "three working days before. The return interview service changed its hours after children told us evenings "
    "were easier.",
    "not_progressed": "We did not make the progress we planned on initial health assessments for looked-after "
    "children: the figure fell again and remains red. The cause is capacity in the looked-after children's health "
    "team; the integrated care board has funded two posts from January. Return interviews within 72 hours also "
    "fell back in the last quarter.",
    "next_year": "Next year we will keep our four priorities, add a focus on children not in school, and evaluate "
    "the impact of the neglect strategy with a multi-agency case audit.",
}
# Why last year's report did not cover something Working Together asks for, if the demo data
# leaves a gap (printed in the report).
GAPS = {
    "reviews": "No rapid review or practice review was concluded during the year, so there were no new "
    "recommendations to report on. Actions from earlier reviews are reported under our priorities.",
    "scrutiny": "Our independent scrutineer took up post at the end of the year; their first account of the "
    "arrangements will be in next year's report.",
    "other": "The partners did not have the information to report on this for the year. It is part of next "
    "year's work plan.",
}


def seed(demo) -> None:
    partners = demo.made["partners"]
    organisations = demo.made["organisations"]
    business = demo.made["users"]["business@example.org"]
    trust = demo.made["users"]["agency@example.org"].organisation
    owners = {"council": partners[0], "icb": partners[1], "police": partners[2], "trust": trust}
    leads = {key: (lead_users(org) or [business])[0] for key, org in owners.items()}
    priorities = {p.title: p for p in demo.made.get("priorities", [])}
    last = Quarter.last_complete(demo.today)
    quarters = last.back(QUARTERS)
    values = 0
    for position, spec in enumerate(INDICATORS, start=1):
        target, amber, red = (Decimal(str(n)) for n in spec.rating) if spec.rating else (None, None, None)
        indicator = services.indicator_save(
            acting_user=business,
            name=spec.name,
            definition=spec.definition,
            organisation=owners[spec.owner],
            unit=spec.unit,
            polarity=spec.polarity,
            target=target,
            amber_threshold=amber,
            red_threshold=red,
            priority=priorities.get(spec.priority),
            position=position * 10,
        )
        series = _series(demo, spec.unit, spec.start, spec.drift, spec.noise, spec.final)
        values += _enter(demo, indicator, quarters, series, leads[spec.owner])
    made = len(INDICATORS) + _computed(business)
    made += _localities(demo, organisations, quarters, business)
    _reports(demo, business, partners)
    demo.say(f"{made} scorecard indicators, {values} typed values over {QUARTERS} quarters; two yearly reports")


def _series(demo, unit, start, drift, noise, final) -> list[Decimal]:
    values = []
    for index in range(QUARTERS):
        value = start + drift * index + demo.rng.gauss(0, noise)
        if index == QUARTERS - 1 and final is not None:
            value = final
        values.append(_clean(unit, value))
    return values


def _clean(unit: str, value: float) -> Decimal:
    value = max(0.0, min(100.0, value)) if unit == P else max(0.0, value)
    places = "1" if unit == N else ("0.01" if unit == D else "0.1")
    return Decimal(str(value)).quantize(Decimal(places))


def _enter(demo, indicator, quarters, series, lead) -> int:
    previous = None
    for index, (quarter, value) in enumerate(zip(quarters, series, strict=True)):
        comment = ""
        if index >= len(quarters) - 3 and previous is not None:
            verdict = (
                "level"
                if value == previous
                else ("better" if (value > previous) == (indicator.polarity == UP) else "worse")
            )
            comment = demo.rng.choice(COMMENTS[verdict])
        services.value_enter(
            acting_user=lead, indicator=indicator, quarter=quarter, value=value, comment=comment, tell=False
        )
        previous = value
    return len(quarters)


def _computed(business) -> int:
    """An indicator for each figure the portal computes (overdue actions, and whatever the
    reviews and audits apps register)."""
    made = 0
    for position, figure in enumerate(assurance.figures(), start=len(INDICATORS) + 1):
        thresholds = (
            {"amber_threshold": Decimal("15"), "red_threshold": Decimal("30")} if figure.key == OVERDUE_ACTIONS else {}
        )
        services.indicator_save(
            acting_user=business,
            name=figure.label,
            definition=figure.definition,
            organisation=business.organisation,
            unit=figure.unit,
            polarity="higher" if figure.higher_is_better else "lower",
            computed_key=figure.key,
            position=position * 10,
            **thresholds,
        )
        made += 1
    return made


def _localities(demo, organisations, quarters, business) -> int:
    """With --scale N, each typed indicator again for N - 1 localities (bulk: volume for the
    benchmarks, with history rows all the same)."""
    if demo.scale <= 1:
        return 0
    base = list(Indicator.objects.filter(computed_key="").order_by("position"))
    copies = []
    for copy in range(1, demo.scale):
        locality = DISTRICTS[copy % len(DISTRICTS)] or "Central"
        suffix = f" {copy // len(DISTRICTS) + 1}" if copy >= len(DISTRICTS) else ""
        for indicator in base:
            copies.append(
                Indicator(
                    name=f"{indicator.name} ({locality}{suffix})",
                    definition=indicator.definition,
                    organisation=indicator.organisation,
                    unit=indicator.unit,
                    polarity=indicator.polarity,
                    target=indicator.target,
                    amber_threshold=indicator.amber_threshold,
                    red_threshold=indicator.red_threshold,
                    priority=indicator.priority,
                    position=indicator.position + copy,
                )
            )
    made = bulk_create_with_history(copies, Indicator, batch_size=500, default_user=business)
    made = list(Indicator.objects.filter(name__in=[c.name for c in copies]))
    rows = []
    for indicator in made:
        for quarter, value in zip(quarters, _series(demo, indicator.unit, 50, 0.2, 3, None), strict=True):
            rows.append(
                IndicatorValue(
                    indicator=indicator, year=quarter.year, quarter=quarter.quarter, value=value, entered_by=business
                )
            )
    bulk_create_with_history(rows, IndicatorValue, batch_size=1000, default_user=business)
    return len(made)


# Who signs the yearly report for each partner in the demo (demo logins, so anyone trying the
# portal can sign): the executive member for the council, the chair for the integrated care
# board, the partnership member for the police.
SIGNATORIES = ("executive@example.org", "chair@example.org", "member@example.org")


def _signatories(demo, business, partners) -> dict:
    """Name who signs for each partner, and record a delegate for the police's signatory (the
    next person working for the police)."""
    users = demo.made["users"]
    named = {}
    for partner, email in zip(partners, SIGNATORIES, strict=True):
        people = [
            p
            for p in demo.made["people"]
            if p.organisation_id == partner.pk and p.is_active and not has_role(p, Role.BUSINESS_UNIT)
        ]
        person = users[email] if users[email] in people else people[0]
        named[partner.pk] = signatory_services.signatory_name(acting_user=business, organisation=partner, person=person)
    police = partners[2]
    signatory = named[police.pk].signatory
    delegate = next(
        (
            p
            for p in demo.made["people"]
            if p.organisation_id == police.pk
            and p.is_active
            and p.pk != signatory.pk
            and not has_role(p, Role.BUSINESS_UNIT)
        ),
        None,
    )
    if delegate is not None:
        named[police.pk] = signatory_services.signatory_delegate(
            acting_user=signatory, organisation=police, person=delegate
        )
    return named


def _sign(report, signatories, partners) -> None:
    report.refresh_from_db()
    version = report.current_version
    for partner in partners:
        report_services.report_sign_off(
            acting_user=signatories[partner.pk].signatory,
            report=report,
            organisation=partner,
            version=version.number,
            content_hash=version.content_hash,
        )


def _noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def _reports(demo, business, partners) -> None:
    """Last year's report, signed off by each partner's signatory, published and sent (the
    stored PDF is the one the public page serves); this year's being written, submitted for
    sign-off and signed by one partner so far."""
    signatories = _signatories(demo, business, partners)
    year = year_of(demo.today)
    previous = report_services.report_create(acting_user=business, year=year - 1)
    for key, text in TEXTS.items():
        report_services.report_section_edit(acting_user=business, report=previous, key=key, text=text)
    for item in compile_report(previous, render=False).gaps:
        report_services.report_gap_explain(
            acting_user=business, report=previous, requirement=item.key, text=GAPS.get(item.key, GAPS["other"])
        )
    published_on = max(previous.period[1] + timedelta(days=60), demo.today - timedelta(days=150))
    published_on = min(published_on, demo.today)
    version = report_services.report_submit(acting_user=business, report=previous)
    _sign(previous, signatories, partners)
    # It was signed, then published, months ago: date the demo's records so.
    ReportVersion.objects.filter(pk=version.pk).update(frozen_at=_noon(published_on - timedelta(days=21)))
    for days, sign_off in enumerate(ReportSignOff.objects.filter(version=version).order_by("pk"), start=1):
        ReportSignOff.objects.filter(pk=sign_off.pk).update(
            signed_at=_noon(published_on - timedelta(days=14 - 3 * days))
        )
    report_services.report_publish(
        acting_user=business,
        report=previous,
        published_on=published_on,
        render=render_report_pdf,
        early_reason="" if published_on > previous.period[1] else "Published as soon as the year's figures were in",
    )
    report_services.report_record_sent(
        acting_user=business, report=previous, sent_on=min(published_on + timedelta(days=4), demo.today)
    )
    draft = report_services.report_create(acting_user=business, year=year)
    for key in ("foreword", "arrangements", "training", "voice", "not_progressed"):
        report_services.report_section_edit(acting_user=business, report=draft, key=key, text=TEXTS[key])
    version = report_services.report_submit(acting_user=business, report=draft)
    report_services.report_sign_off(
        acting_user=signatories[partners[1].pk].signatory,
        report=draft,
        organisation=partners[1],
        version=version.number,
        content_hash=version.content_hash,
    )
