"""The yearly report compiler: the business unit's free-text sections and the sections the
portal compiles from its data (core.assurance report sections: this app's, and those the
reviews, audits and scrutiny parts register), in order; the checklist of what Working
Together 2023 asks the report to contain; and the PDF.

A registered section's template is rendered with its context's keys (and the whole context as
`section`); the page or the PDF gives it its heading, so its own headings start at h3. A
section has content when its context says so (`has_content`) or, failing that, when any value
in it is not empty. Its `requirement` names one of REQUIREMENTS below by key; any other text is
listed in the checklist as a requirement of its own.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from core import assurance
from core.pdf import render_pdf
from partnership.models import Organisation, PartnershipDetails

from .models import YearlyReport
from .selectors import report as selectors


@dataclass(frozen=True)
class Requirement:
    key: str
    title: str
    summary: str  # what Working Together 2023 asks, in summary


# What Working Together to Safeguard Children 2023 (chapter 2, "Reporting") asks the yearly
# report to set out, summarised. The checklist ticks each one when a section answering it has
# content.
REQUIREMENTS = (
    Requirement(
        "effectiveness",
        "What the partners did, and how effective the arrangements were",
        "What the safeguarding partners have done as a result of the arrangements, including on child "
        "safeguarding practice reviews, and how effective the arrangements have been in practice.",
    ),
    Requirement(
        "impact",
        "Evidence of impact, including training",
        "Evidence of the impact of the work of the partners and relevant agencies, including training, on "
        "outcomes for children and families, from early help to looked-after children and care leavers.",
    ),
    Requirement(
        "no_progress",
        "Where there was little or no progress",
        "An analysis of any areas where there has been little or no evidence of progress on agreed priorities.",
    ),
    Requirement(
        "reviews",
        "Child safeguarding practice reviews and their recommendations",
        "A record of the decisions and actions taken (or planned) to implement the recommendations of local and "
        "national child safeguarding practice reviews, including any resulting improvements.",
    ),
    Requirement(
        "voice",
        "Feedback from children and families",
        "How the partners sought and used feedback from children and families to inform their work and "
        "influence the services provided.",
    ),
    Requirement(
        "assurance",
        "How the partners assured themselves",
        "How the partners and relevant agencies were held to account for safeguarding: audits (Section 11, "
        "Section 175 and 157, multi-agency case audits) and performance information.",
    ),
    Requirement(
        "scrutiny",
        "Independent scrutiny",
        "How the arrangements were independently scrutinised, what the scrutiny found and what was done about it.",
    ),
    Requirement(
        "funding",
        "How the arrangements are funded",
        "The resources the partners put into the arrangements, and each partner's contribution.",
    ),
)
REQUIREMENT_KEYS = {r.key for r in REQUIREMENTS}

# Where the free-text sections sit among the compiled ones, and what each answers.
TEXT_ORDER = {"foreword": 1, "arrangements": 2, "training": 70, "voice": 75, "not_progressed": 80, "next_year": 90}
TEXT_REQUIREMENT = {
    "foreword": "",
    "arrangements": "funding",
    "training": "impact",
    "voice": "voice",
    "not_progressed": "no_progress",
    "next_year": "",
}


@dataclass
class Section:
    key: str
    title: str
    order: int
    requirement: str
    has_content: bool
    text: str = ""  # a free-text section's text
    template: str = ""  # a compiled section's template
    context: dict = field(default_factory=dict)
    hint: str = ""
    html: str = ""  # a compiled section rendered for the PDF

    @property
    def is_text(self) -> bool:
        return not self.template

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"

    def render(self, request=None) -> str:
        context = {**self.context, "section": self.context, "request": request}
        if request is not None:
            context["user"] = request.user
        return render_to_string(self.template, context)


@dataclass
class ChecklistItem:
    key: str
    title: str
    summary: str
    met: bool
    sections: list[str]


@dataclass
class PartnerSignOff:
    partner: Organisation
    sign_off: object = None  # the ReportSignOff of the current revision, if any


@dataclass
class CompiledReport:
    report: YearlyReport
    sections: list[Section]
    checklist: list[ChecklistItem]
    partners: list[PartnerSignOff]

    @property
    def all_signed(self) -> bool:
        return bool(self.partners) and all(p.sign_off is not None for p in self.partners)

    @property
    def missing_partners(self) -> list[Organisation]:
        return [p.partner for p in self.partners if p.sign_off is None]

    @property
    def requirements_met(self) -> int:
        return sum(1 for item in self.checklist if item.met)


def register() -> None:
    """This app's compiled sections (called from the app's ready())."""
    for key, title, order, requirement, template, context in (
        ("priorities", "Our priorities and the progress made", 10, "effectiveness", "priorities", selectors.priorities),
        (
            "scorecard",
            "The scorecard: performance through the year",
            60,
            "assurance",
            "scorecard",
            selectors.scorecard_year,
        ),
        ("changes", "What changed as a result", 65, "impact", "changes", selectors.changes),
        ("funding", "How the arrangements are funded", 3, "funding", "funding", selectors.funding),
    ):
        assurance.register_report_section(
            assurance.ReportSection(
                key=key,
                title=title,
                template=f"scrutiny/report/_{template}.html",
                order=order,
                requirement=requirement,
                context=context,
            )
        )


def has_content(context: dict) -> bool:
    if "has_content" in context:
        return bool(context["has_content"])
    return any(bool(value) for value in context.values())


def compile_report(report: YearlyReport) -> CompiledReport:
    start, end = report.period
    sections = [
        Section(
            key=key,
            title=title,
            order=TEXT_ORDER[key],
            requirement=TEXT_REQUIREMENT[key],
            has_content=bool(getattr(report, key).strip()),
            text=getattr(report, key),
            hint=hint,
        )
        for key, title, hint in YearlyReport.TEXT_SECTIONS
    ]
    for registered in assurance.report_sections():
        context = registered.context(start, end)
        sections.append(
            Section(
                key=registered.key,
                title=registered.title,
                order=registered.order,
                requirement=registered.requirement,
                has_content=has_content(context),
                template=registered.template,
                context=context,
            )
        )
    sections.sort(key=lambda s: (s.order, s.title))
    return CompiledReport(
        report=report, sections=sections, checklist=checklist(sections), partners=partner_sign_offs(report)
    )


def checklist(sections: list[Section]) -> list[ChecklistItem]:
    items = {r.key: ChecklistItem(r.key, r.title, r.summary, False, []) for r in REQUIREMENTS}
    for section in sections:
        if not section.requirement:
            continue
        item = items.get(section.requirement)
        if item is None:
            item = items.setdefault(
                section.requirement, ChecklistItem(section.requirement, section.requirement, "", False, [])
            )
        item.sections.append(section.title)
        item.met = item.met or section.has_content
    return list(items.values())


def partner_sign_offs(report: YearlyReport) -> list[PartnerSignOff]:
    """Each active safeguarding partner, with its sign-off of the current revision if any."""
    partners = list(Organisation.objects.filter(is_safeguarding_partner=True, is_active=True).order_by("kind", "name"))
    current = {s.organisation_id: s for s in selectors.current_sign_offs(report)}
    return [PartnerSignOff(partner=p, sign_off=current.get(p.pk)) for p in partners]


def render_report_pdf(report: YearlyReport) -> bytes:
    compiled = compile_report(report)
    for section in compiled.sections:
        if not section.is_text:
            section.html = section.render()
    details = PartnershipDetails.load()
    return render_pdf(
        "scrutiny/pdf/yearly_report.html",
        {
            "compiled": compiled,
            "report": report,
            "partnership": details,
            "generated_at": timezone.now(),
            "footer": f"{details.name}: yearly report {report.year_label}"[:90]
            + (" (draft)" if report.is_draft else ""),
        },
    )
