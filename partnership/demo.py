"""Demo data: the fictional Northbridge Safeguarding Children Partnership.

Every name is invented. The demo users (one per role) have fixed addresses @example.org.
"""

from decimal import Decimal
from pathlib import Path

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from guardian.shortcuts import assign_perm
from simple_history.utils import bulk_create_with_history

from core.roles import Role

from .models import BudgetContribution, Organisation, PartnershipDetails, StrategicPriority, User
from .services import role_group_map

K = Organisation.Kind
DUTY = Organisation.AuditDuty

PARTNERS = [
    ("Northbridge City Council", K.LOCAL_AUTHORITY),
    ("NHS Northbridge and Eastvale Integrated Care Board", K.INTEGRATED_CARE_BOARD),
    ("Northshire Police", K.POLICE),
]
AGENCIES = [
    ("Northbridge Teaching Hospitals NHS Foundation Trust", K.NHS_TRUST),
    ("Northbridge Community Health NHS Trust", K.NHS_TRUST),
    ("Northshire Mental Health NHS Foundation Trust", K.NHS_TRUST),
    ("Northshire Ambulance Service NHS Trust", K.NHS_TRUST),
    ("Eastvale Children's Hospital NHS Trust", K.NHS_TRUST),
    ("Probation Service, Northbridge and Eastvale", K.PROBATION),
    ("Northbridge Youth Justice Service", K.YOUTH_JUSTICE),
    ("Northbridge Homes", K.HOUSING),
    ("Riverside Lane Housing Association", K.HOUSING),
    ("Eastvale Community Housing", K.HOUSING),
    ("Cafcass, Northshire team", K.CAFCASS),
    ("Northshire Fire and Rescue Service", K.FIRE_AND_RESCUE),
    ("Northbridge College", K.COLLEGE),
    ("Eastvale Sixth Form College", K.COLLEGE),
    ("Northbridge Leisure Trust", K.OTHER),
    ("Northbridge Diocesan Board of Education", K.OTHER),
    ("Northshire Community Rehabilitation Partnership", K.OTHER),
]
GP_STREETS = [
    "Elm Street",
    "Harbour View",
    "Mill Lane",
    "Castle Hill",
    "Brookside",
    "Station Road",
    "Kingsway",
    "Riverside",
    "Parkgate",
    "Westgate",
    "Hollin Lane",
    "Abbey Road",
]
VOLUNTARY = [
    "Northbridge Young Carers",
    "Safe Harbour Domestic Abuse Service",
    "Eastvale Family Support",
    "Northbridge Children's Society",
    "Open Door Youth Project",
    "Parents Together Northbridge",
    "Northshire Rape Crisis",
    "Steps Drug and Alcohol Service",
    "Bridge Bereavement Support",
    "Northbridge Foodbank Network",
    "Kindred Mentoring",
    "Unity Faith Forum",
    "Harbour Lights Sports Club",
    "Northbridge Scouts and Guides",
    "Eastvale Refugee Welcome",
]
EARLY_YEARS = [
    "Little Acorns Nursery",
    "Rainbow Day Nursery",
    "Sunflower Pre-school",
    "Busy Bees of Westgate",
    "Meadowbank Children's Centre",
    "Tiny Steps Nursery",
    "Acorn Childminding Network",
    "Kingsway Playgroup",
]
RESIDENTIAL = [
    "Harbourside Children's Home",
    "Northbridge Fostering Service",
    "Oakview Residential Care",
    "Bright Futures Fostering",
    "Willowbrook House",
]
SCHOOL_NAMES = [
    "Oakfield",
    "Ashgrove",
    "Beechwood",
    "Cedar Park",
    "Hollybank",
    "Larkhill",
    "Moorside",
    "Northgate",
    "Pinewood",
    "Queensway",
    "Rosehill",
    "Southmead",
    "Thornbury",
    "Upton Vale",
    "Westfield",
    "Yewtree",
    "Brambles",
    "Fernhill",
    "Greenacre",
    "Hawthorn",
]
SCHOOL_KINDS = [
    ("Primary School", DUTY.SECTION_175),
    ("Primary Academy", DUTY.SECTION_157),
]
SECONDARY = [
    "Northbridge Academy",
    "Eastvale High School",
    "St Aidan's Catholic High School",
    "Riverside Free School",
    "Castle Hill Independent School",
]
DISTRICTS = [
    "",
    "Westgate",
    "Eastvale",
    "Southmead",
    "Harbourside",
    "Kingsway",
    "Abbeyfield",
    "Marsh End",
    "Brookfield",
    "Highcliffe",
]

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Eleni",
    "Farid",
    "Grace",
    "Harvey",
    "Imani",
    "Jack",
    "Kiran",
    "Laura",
    "Marcus",
    "Nadia",
    "Owen",
    "Priya",
    "Quentin",
    "Rosa",
    "Samir",
    "Tara",
    "Umar",
    "Vera",
    "Wesley",
    "Xenia",
    "Yusuf",
    "Zoe",
    "Amelia",
    "Bilal",
    "Carys",
    "Declan",
    "Esme",
    "Femi",
    "Gemma",
    "Hassan",
    "Isla",
    "Jonah",
    "Keisha",
    "Liam",
    "Megan",
    "Niall",
]
LAST_NAMES = [
    "Ashdown",
    "Brightwell",
    "Carrow",
    "Delaney",
    "Ellery",
    "Fairbairn",
    "Gorton",
    "Hallam",
    "Iqbal",
    "Jessop",
    "Kettering",
    "Lomax",
    "Marwood",
    "Nunn",
    "Okafor",
    "Pemberton",
    "Quayle",
    "Radcliffe",
    "Stanworth",
    "Thackeray",
    "Underwood",
    "Varley",
    "Whitlock",
    "Yardley",
    "Zaman",
    "Achebe",
    "Birtwistle",
    "Chowdhury",
    "Dunmore",
    "Eastwood",
]
JOB_TITLES = [
    "Designated safeguarding lead",
    "Named nurse for safeguarding",
    "Head of service",
    "Safeguarding manager",
    "Team manager",
    "Service director",
    "Practice lead",
    "Detective inspector",
    "Headteacher",
    "Operations manager",
    "Quality assurance officer",
]

DEMO_USERS = [
    # email, name, job title, organisation index (into the partners), roles
    ("business@example.org", "Bea Hollis", "Partnership business manager", 0, [Role.BUSINESS_UNIT]),
    ("executive@example.org", "Edward Marsh", "Director of children's services", 0, [Role.EXECUTIVE, Role.MEMBER]),
    ("chair@example.org", "Carla Whitcombe", "Designated nurse for safeguarding children", 1, [Role.MEMBER]),
    ("agency@example.org", "Adam Greaves", "Named nurse for safeguarding", None, [Role.MEMBER]),
    ("scrutineer@example.org", "Sandra Kilbride", "Independent scrutineer", None, [Role.SCRUTINEER]),
    ("member@example.org", "Mo Patel", "Detective chief inspector", 2, [Role.MEMBER]),
    ("outsider@example.org", "Olly Outsider", "Visitor", None, []),
]


def seed(demo) -> None:
    _details()
    organisations = _organisations(demo)
    people = _people(demo, organisations)
    _priorities(demo, people)
    _budget(demo, organisations)
    deadlines = _deadlines(demo, organisations)
    demo.say(f"{len(organisations)} organisations, {len(people)} people, {deadlines} deadlines")


def _details() -> None:
    details = PartnershipDetails(
        name="Northbridge Safeguarding Children Partnership",
        area="Northbridge",
        description="The safeguarding partners for Northbridge: Northbridge City Council, NHS Northbridge and "
        "Eastvale Integrated Care Board and Northshire Police, with the relevant agencies they named.",
        concern_phone="0300 555 0100",
        concern_out_of_hours_phone="0300 555 0199",
        concern_email="childrens.front.door@northbridge.example.org",
        concern_url="https://www.northbridge.example.org/worried-about-a-child",
        concern_guidance="Say who you are worried about, where they live and why. You do not need proof. "
        "If you are a professional, use the multi-agency referral form as well as phoning.",
        business_unit_email="partnership@northbridge.example.org",
    )
    # A fictional logo (three partners around a child): it heads the yearly report's cover.
    logo = Path(__file__).with_name("demo_logo.png").read_bytes()
    details.logo.save("northbridge-logo.png", ContentFile(logo), save=False)
    details.save()


def _organisations(demo) -> list[Organisation]:
    rows = []
    for name, kind in PARTNERS:
        rows.append(
            Organisation(
                name=name,
                kind=kind,
                is_safeguarding_partner=True,
                is_relevant_agency=False,
                involvement=Organisation.Involvement.SUBGROUP_MEMBER,
                audit_duty=DUTY.SECTION_11,
                email_domains="".join(ch for ch in name.lower() if ch.isalnum())[:20] + ".example.org",
            )
        )
    for copy in range(demo.scale):
        district = DISTRICTS[copy % len(DISTRICTS)] + (
            f" {copy // len(DISTRICTS) + 1}" if copy >= len(DISTRICTS) else ""
        )
        suffix = f" ({district})" if district.strip() else ""
        names = [(n, k) for n, k in AGENCIES]
        names += [(f"{street} Surgery", K.GP_PRACTICE) for street in GP_STREETS]
        names += [(n, K.VOLUNTARY) for n in VOLUNTARY]
        names += [(n, K.EARLY_YEARS) for n in EARLY_YEARS]
        names += [(n, K.RESIDENTIAL_FOSTERING) for n in RESIDENTIAL]
        for name, kind in names:
            duty = DUTY.SECTION_175 if kind == K.COLLEGE else DUTY.SECTION_11
            if kind == K.EARLY_YEARS and demo.rng.random() < 0.5:
                duty = DUTY.NONE
            involvement = (
                Organisation.Involvement.SUBGROUP_MEMBER
                if kind in (K.NHS_TRUST, K.PROBATION, K.YOUTH_JUSTICE, K.COLLEGE, K.CAFCASS)
                else Organisation.Involvement.WIDER_PARTNERSHIP
            )
            rows.append(_agency(demo, name + suffix, kind, duty, involvement))
        for index, school in enumerate(SCHOOL_NAMES):
            for label, duty in SCHOOL_KINDS:
                if index < 15 or label == "Primary School":
                    rows.append(
                        _agency(
                            demo,
                            f"{school} {label}{suffix}",
                            K.SCHOOL,
                            duty,
                            Organisation.Involvement.WIDER_PARTNERSHIP,
                        )
                    )
        for name in SECONDARY:
            duty = (
                DUTY.SECTION_157 if ("Academy" in name or "Free" in name or "Independent" in name) else DUTY.SECTION_175
            )
            rows.append(_agency(demo, name + suffix, K.SCHOOL, duty, Organisation.Involvement.SUBGROUP_MEMBER))
    # A few organisations have left the partnership: they stay, inactive.
    for organisation in rows[-3:]:
        organisation.is_active = False
    organisations = bulk_create_with_history(rows, Organisation, batch_size=500)
    organisations = list(Organisation.objects.order_by("pk"))
    council = organisations[0]
    for organisation in organisations:
        if organisation.name.startswith("Northbridge Youth Justice Service"):
            organisation.parent = council
            organisation.save(update_fields=["parent"])
    demo.made["partners"] = organisations[:3]
    demo.made["organisations"] = organisations
    return organisations


def _agency(demo, name, kind, duty, involvement) -> Organisation:
    slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
    street = demo.rng.choice(GP_STREETS)
    return Organisation(
        name=name,
        kind=kind,
        is_relevant_agency=True,
        involvement=involvement,
        audit_duty=duty,
        address=f"{demo.rng.randint(1, 220)} {street}\nNorthbridge\nNB{demo.rng.randint(1, 9)} 1XY",
        contact_name=f"{demo.rng.choice(FIRST_NAMES)} {demo.rng.choice(LAST_NAMES)}",
        contact_email=f"safeguarding@{slug}.example.org",
        contact_phone=f"0300 555 {demo.rng.randint(1000, 9999)}",
        website=f"https://www.{slug}.example.org",
        email_domains=f"{slug}.example.org",
    )


def _people(demo, organisations) -> list[User]:
    groups = role_group_map()
    partners = organisations[:3]
    active = [o for o in organisations if o.is_active]
    agency_for_lead = next(o for o in organisations if o.kind == K.NHS_TRUST)
    users, role_map = [], {}
    for email, name, job, partner_index, roles in DEMO_USERS:
        organisation = partners[partner_index] if partner_index is not None else None
        if email == "agency@example.org":
            organisation = agency_for_lead
        users.append(
            User(email=email, name=name, job_title=job, organisation=organisation, password=demo.password_hash)
        )
        role_map[email] = roles
    used = {u.email for u in users}
    for index in range(demo.count(150)):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7 + index // len(FIRST_NAMES)) % len(LAST_NAMES)]
        email = f"{first}.{last}.{index}@example.org".lower()
        if email in used:
            continue
        organisation = partners[index % 3] if index % 5 == 0 else demo.rng.choice(active)
        roles = [Role.MEMBER]
        if index % 40 == 3:
            roles = [Role.LAY_MEMBER]
        elif index % 30 == 1 and organisation in partners:
            roles = [Role.EXECUTIVE, Role.MEMBER]
        elif index % 50 == 7:
            roles = [Role.BUSINESS_UNIT]
            organisation = partners[0]
        users.append(
            User(
                email=email,
                name=f"{first} {last}",
                job_title=demo.rng.choice(JOB_TITLES),
                organisation=organisation,
                password=demo.password_hash,
                is_active=index % 60 != 59,
            )
        )
        role_map[email] = roles
    bulk_create_with_history(users, User, batch_size=500)
    people = list(User.objects.order_by("pk"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in people], batch_size=500
    )
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=u.pk, group_id=groups[Role(r).label].pk) for u in people for r in role_map.get(u.email, [])],
        batch_size=1000,
    )
    by_email = {u.email: u for u in people}
    assign_perm("partnership.lead_organisation", by_email["agency@example.org"], agency_for_lead)
    # Every other active agency with people gets its first active person as lead.
    seen = {agency_for_lead.pk}
    for person in people:
        if (
            person.organisation_id
            and person.organisation_id not in seen
            and person.is_active
            and role_map.get(person.email)
        ):
            seen.add(person.organisation_id)
            assign_perm("partnership.lead_organisation", person, person.organisation)
    demo.made["users"] = by_email
    demo.made["people"] = people
    return people


PRIORITIES = [
    (
        "Neglect",
        "Children who experience neglect are identified early and get help that changes their lives.",
        "Practitioners recognise neglect early using the graded care profile\n"
        "Fewer children are subject to a second child protection plan for neglect",
    ),
    (
        "Exploitation and contextual safeguarding",
        "Children are safe from criminal and sexual exploitation in their communities.",
        "Places where children are at risk are mapped and disrupted\n"
        "Children missing from home have a return interview within 72 hours",
    ),
    (
        "Domestic abuse",
        "Children living with domestic abuse are seen, heard and supported.",
        "Operation Encompass notifications reach schools before the next school day\n"
        "Children's voices shape domestic abuse services",
    ),
    (
        "Voice of the child",
        "What children and families tell us changes what we do.",
        "Every review and audit records how children's views were sought\n"
        "Young people sit on the partnership's youth board",
    ),
]


def _priorities(demo, people) -> None:
    start = demo.today.year - 1
    rows = []
    for position, (title, description, outcomes) in enumerate(PRIORITIES, start=1):
        rows.append(
            StrategicPriority(
                title=title,
                description=description,
                outcomes=outcomes,
                period_start=start,
                period_end=start + 3,
                position=position,
                lead=demo.rng.choice(people[:40]),
            )
        )
    rows.append(
        StrategicPriority(
            title="Early help",
            description="Families get help as soon as problems emerge.",
            outcomes="More early help assessments led by schools and health",
            period_start=start - 3,
            period_end=start - 1,
            position=9,
            is_active=False,
        )
    )
    bulk_create_with_history(rows, StrategicPriority)
    demo.made["priorities"] = list(StrategicPriority.objects.filter(is_active=True))


def _budget(demo, organisations) -> None:
    rows = []
    base = {0: Decimal("180000"), 1: Decimal("120000"), 2: Decimal("60000")}
    for offset in range(3):
        year = demo.today.year - 2 + offset if demo.today.month >= 4 else demo.today.year - 3 + offset
        for index, partner in enumerate(organisations[:3]):
            rows.append(
                BudgetContribution(
                    financial_year=year,
                    organisation=partner,
                    cash_amount=base[index] + Decimal(offset * 5000),
                    in_kind_amount=Decimal("15000") if index == 1 else Decimal("0"),
                    in_kind_description="Designated nurse time for the practice review sub-group" if index == 1 else "",
                )
            )
        college = next(o for o in organisations if o.kind == K.COLLEGE)
        rows.append(BudgetContribution(financial_year=year, organisation=college, cash_amount=Decimal("2500")))
    bulk_create_with_history(rows, BudgetContribution)


def _deadlines(demo, organisations) -> int:
    """Deadlines in every state, on the directory's own records until the modules that own
    real ones (reviews, audits, meetings) add theirs: annual safeguarding returns per agency
    and priority progress reports."""
    from datetime import timedelta

    from django.utils import timezone

    from core.models import ClosureDay
    from core.reminders import mark_missed
    from core.services import deadlines as clock

    users = demo.made["users"]
    business, executive = users["business@example.org"], users["executive@example.org"]
    for day in (29, 30, 31):
        closure = demo.today.replace(month=12, day=day)
        if closure.weekday() < 5:
            ClosureDay.objects.get_or_create(
                date=closure,
                defaults={"reason": "Council offices closed between Christmas and New Year", "created_by": business},
            )
    agencies = [o for o in organisations if o.is_active and not o.is_safeguarding_partner and o.kind != K.SCHOOL]
    lead_org = users["agency@example.org"].organisation
    agencies = [lead_org] + [a for a in agencies if a != lead_org][: demo.count(40) - 1]
    made = 0
    for index, agency in enumerate(agencies):
        offset = (index % 12) * 5 - 25  # from 25 days ago to 30 days ahead
        start = demo.today + timedelta(days=offset) - timedelta(days=42)
        deadline = clock.deadline_create(
            subject=agency,
            rule_key="audit_return",
            start=start,
            title=f"Annual safeguarding return from {agency.name}",
            responsible_organisation=agency,
            escalation_users=[business],
            acting_user=business,
        )
        made += 1
        if deadline.due_date < demo.today and index % 3 == 0:
            met = timezone.now() - timedelta(days=(demo.today - deadline.due_date).days + (index % 2) * -3)
            clock.deadline_meet(
                deadline=deadline, acting_user=business, when=min(met, timezone.now()), reason="Return received"
            )
        elif index % 17 == 5:
            clock.deadline_pause(
                deadline=deadline, acting_user=business, reason="Organisation merging; return deferred"
            )
        elif index % 19 == 7:
            clock.deadline_cancel(deadline=deadline, acting_user=business, reason="Organisation left the partnership")
    for offset, priority in zip((3, 0, -6, 20), demo.made["priorities"], strict=False):
        clock.deadline_create(
            subject=priority,
            rule_key="action",
            start=demo.today,
            due_date=demo.today + timedelta(days=offset),
            title=f"Progress report on the “{priority.title}” priority to the Executive",
            responsible_users=[priority.lead] if priority.lead else [],
            escalation_users=[executive],
            acting_user=business,
        )
        made += 1
    mark_missed(demo.today)
    return made
