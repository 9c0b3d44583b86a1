"""Compiling the yearly report: the business unit's written sections and the sections the
portal compiles from its data (core.assurance report sections: this app's, and those the
reviews, audits and other parts register), in order; and the checklist of what Working
Together 2023 asks the report to contain, with the explanation of any gap.

A registered section's template is rendered with its context's keys (and the whole context as
`section`); the page or the PDF gives it its heading, so its own headings start at h3. A
section has content when its context says so (`has_content`) or, failing that, when any value
in it is not empty. Its `requirement` names one of REQUIREMENTS below by key; any other text is
listed in the checklist as a requirement of its own. A registered section whose key is one of
the written sections' keys is printed under that section, after its narrative.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from core import assurance
from partnership.models import Organisation

from ..models import ReportSignatory, ReportSignOff, ReportVersion, YearlyReport
from ..selectors import report as selectors


@dataclass(frozen=True)
class Requirement:
    key: str
    title: str
    summary: str  # what Working Together 2023 asks, in summary


# What Working Together to Safeguard Children 2023 (chapter 2, "Reporting") asks the yearly
# report to set out, summarised. The checklist ticks each one when a section answering it has
# content; a gap must be explained, in text printed in the report, before it is published.
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

# Where the written sections sit among the compiled ones, and what each answers.
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
    text: str = ""  # the business unit's narrative, for a written section
    template: str = ""  # a compiled section's template (or one merged under a written section)
    context: dict = field(default_factory=dict)
    hint: str = ""
    html: str = ""  # the compiled part, rendered
    data: object = None  # the compiled part's data, as kept in a frozen version
    is_written: bool = False  # one of the business unit's sections (it may also have a compiled part)

    @property
    def is_text(self) -> bool:
        return self.is_written and not self.template and not self.html

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
    sections: list[Section]
    explanation: str = ""  # why it is not covered, printed in the report

    @property
    def needs_explanation(self) -> bool:
        return not self.met and not self.explanation.strip()


@dataclass
class PartnerSignOff:
    partner: Organisation
    signatory: ReportSignatory | None = None
    sign_off: ReportSignOff | None = None  # of the version awaiting sign-off (or published)


@dataclass
class CompiledReport:
    report: YearlyReport
    sections: list[Section]
    checklist: list[ChecklistItem]
    partners: list[PartnerSignOff]
    version: ReportVersion | None = None  # the frozen version shown, if any

    @property
    def all_signed(self) -> bool:
        return bool(self.partners) and all(p.sign_off is not None for p in self.partners)

    @property
    def missing_partners(self) -> list[Organisation]:
        return [p.partner for p in self.partners if p.sign_off is None]

    @property
    def requirements_met(self) -> int:
        return sum(1 for item in self.checklist if item.met)

    @property
    def gaps(self) -> list[ChecklistItem]:
        return [item for item in self.checklist if not item.met]

    @property
    def unexplained_gaps(self) -> list[ChecklistItem]:
        return [item for item in self.checklist if item.needs_explanation]

    @property
    def partners_without_signatory(self) -> list[Organisation]:
        return [p.partner for p in self.partners if p.signatory is None]


def has_content(context: dict) -> bool:
    if "has_content" in context:
        return bool(context["has_content"])
    return any(bool(value) for value in context.values())


def compile_report(report: YearlyReport, *, render: bool = True) -> CompiledReport:
    """The report as the data stands now (each compiled section rendered, unless `render`
    is false), with the sign-offs of its current version."""
    start, end = report.period
    written = {
        key: Section(
            key=key,
            title=title,
            order=TEXT_ORDER[key],
            requirement=TEXT_REQUIREMENT[key],
            has_content=bool(getattr(report, key).strip()),
            text=getattr(report, key),
            hint=hint,
            is_written=True,
        )
        for key, title, hint in YearlyReport.TEXT_SECTIONS
    }
    sections = list(written.values())
    with selectors.one_compilation():
        contexts = [(registered, registered.context(start, end)) for registered in assurance.report_sections()]
    for registered, context in contexts:
        section = written.get(registered.key)
        if section is None:
            section = Section(
                key=registered.key,
                title=registered.title,
                order=registered.order,
                requirement=registered.requirement,
                has_content=False,
            )
            sections.append(section)
        section.template = registered.template
        section.context = context
        section.has_content = section.has_content or has_content(context)
        section.data = registered.frozen_data(context)
        if render:
            section.html = section.render()  # a SafeString: our own template's escaped output
    sections.sort(key=lambda s: (s.order, s.title))
    return CompiledReport(
        report=report,
        sections=sections,
        checklist=checklist(sections, report.gap_explanations or {}),
        partners=partner_sign_offs(report),
    )


def checklist(sections: list[Section], explanations: dict) -> list[ChecklistItem]:
    items = {r.key: ChecklistItem(r.key, r.title, r.summary, False, []) for r in REQUIREMENTS}
    for section in sections:
        if not section.requirement:
            continue
        item = items.setdefault(
            section.requirement, ChecklistItem(section.requirement, section.requirement, "", False, [])
        )
        item.sections.append(section)
        item.met = item.met or section.has_content
    for item in items.values():
        item.explanation = "" if item.met else str(explanations.get(item.key, "")).strip()
    return list(items.values())


def partner_sign_offs(report: YearlyReport, version: ReportVersion | None = None) -> list[PartnerSignOff]:
    """Each active safeguarding partner, who signs for it, and its sign-off of `version` (by
    default the report's current version) if any."""
    partners = list(Organisation.objects.filter(is_safeguarding_partner=True, is_active=True).order_by("kind", "name"))
    signatories = {
        s.organisation_id: s
        # Someone whose account has ended no longer signs: the partner needs someone named again.
        for s in ReportSignatory.objects.filter(organisation__in=partners, signatory__is_active=True).select_related(
            "signatory", "delegate"
        )
    }
    version_id = version.pk if version is not None else report.current_version_id
    signed = {}
    if version_id is not None:
        signed = {
            s.organisation_id: s
            for s in ReportSignOff.objects.filter(version_id=version_id).select_related("signed_by", "organisation")
        }
    return [PartnerSignOff(partner=p, signatory=signatories.get(p.pk), sign_off=signed.get(p.pk)) for p in partners]
