"""The demo partnership (`seed_demo`), seeded once: building it takes most of a minute, so every
check on the whole demo runs in one test, on one copy, rolled back at the end. (One test, not a
module-scoped fixture: pytest-xdist may interleave other modules' tests, which tears a module
fixture down and builds it again.)

The browser tests, the benchmarks and the backup round trip (tests/operations) build their own."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from audits.models import AuditCycle, AuditSubmission, CaseAudit, FrameworkVersion
from core.models import Deadline
from core.roles import Role, has_role, user_roles
from partnership.models import Organisation, User
from partnership.permissions import organisations_led_by
from policies import selectors as policy_selectors
from policies.models import Adoption, ConsultationComment, Policy, ProcedureChangeRequest
from scrutiny.models import Indicator, YearlyReport
from scrutiny.report import REQUIREMENTS, render_report_pdf, report_content

pytestmark = pytest.mark.django_db


def test_the_demo_partnership(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    check_one_user_per_role()
    check_if_empty_leaves_a_seeded_database_alone()
    check_audits()
    check_the_years_report_pdf()
    check_training()
    check_policies()
    check_review_titles_are_unique()
    check_risk_titles_are_unique()
    check_the_first_sweep_is_a_handful()


def check_one_user_per_role():
    assert Organisation.objects.filter(is_safeguarding_partner=True).count() == 3
    assert Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).count() >= 40
    assert Organisation.objects.exclude(kind=Organisation.Kind.SCHOOL).count() >= 60
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert User.objects.count() >= 150
    users = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    assert user_roles(users["business@example.org"]) == {Role.BUSINESS_UNIT}
    assert Role.EXECUTIVE in user_roles(users["executive@example.org"])
    assert user_roles(users["scrutineer@example.org"]) == {Role.SCRUTINEER}
    assert user_roles(users["outsider@example.org"]) == frozenset()
    assert organisations_led_by(users["agency@example.org"]).count() == 1
    assert users["business@example.org"].check_password("demo-password-1234")


def check_review_titles_are_unique():
    """A list or a search never shows two practice reviews, or two briefings, alike."""
    from reviews.models import Briefing, PracticeReview

    for model in (PracticeReview, Briefing):
        titles = list(model.objects.values_list("title", flat=True))
        assert titles and len(titles) == len(set(titles)), f"{model.__name__} titles repeat: {sorted(titles)}"


def check_if_empty_leaves_a_seeded_database_alone():
    count = Organisation.objects.count()
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert Organisation.objects.count() == count


def check_audits():
    """Two Section 11 cycles, a schools cycle and a case audit, in every state."""
    cycles = list(AuditCycle.objects.select_related("version__framework").order_by("opens_on"))
    assert [c.version.framework.default_key for c in cycles] == ["section_11", "section_175_157", "section_11"]
    assert [c.status for c in cycles] == ["complete", "open", "open"]
    assert cycles[2].previous == cycles[0]
    assert set(AuditSubmission.objects.values_list("status", flat=True)) == set(AuditSubmission.Status.values)
    assert FrameworkVersion.objects.filter(framework__default_key="section_11").count() == 2
    agency = User.objects.get(email="agency@example.org").organisation
    assert AuditSubmission.objects.get(cycle=cycles[2], organisation=agency).status == "in_progress"
    assert AuditSubmission.objects.get(cycle=cycles[0], organisation=agency).status == "accepted"
    case_audit = CaseAudit.objects.get()
    assert case_audit.cases.count() == 4 and case_audit.cases.exclude(grade="").exists()
    assert case_audit.participants.filter(pk=agency.pk).exists()


def check_the_years_report_pdf():
    """This year's report, awaiting sign-off, has every required section, in its PDF too; last
    year's is a real published version whose stored PDF never says "draft"."""
    # 27 typed each quarter, 11 computed from the portal's own records (5 of them training's,
    # 2 listening's).
    assert Indicator.objects.filter(is_active=True).count() == 38
    report = YearlyReport.objects.get(status=YearlyReport.Status.SIGN_OFF)
    compiled = report_content(report)
    assert compiled.version is not None
    assert [str(p.partner) for p in compiled.partners if p.sign_off] == [
        "NHS Northbridge and Eastvale Integrated Care Board"
    ]
    assert not any(has_role(p.signatory.signatory, Role.BUSINESS_UNIT) for p in compiled.partners)
    checklist = {item.key: item for item in compiled.checklist}
    for key in ("effectiveness", "impact", "no_progress", "voice", "funding", "assurance"):
        assert checklist[key].met, key
    reader = PdfReader(io.BytesIO(render_report_pdf(report)))
    flat = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for number, section in enumerate(compiled.sections, start=1):
        assert f"{number}. {section.title}" in flat, section.title
    for requirement in REQUIREMENTS:
        assert requirement.title in flat, requirement.title
    published = YearlyReport.objects.get(status=YearlyReport.Status.PUBLISHED)
    assert published.document is not None and published.sent_on is not None
    assert published.current_version.sign_offs.count() == 3
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(published.document.file.read())).pages)
    assert "draft" not in text.lower() and "Section 11 return rate" in text
    assert Deadline.objects.for_subject(published).get(rule__key="yearly_report_sent").status == Deadline.Status.MET


def check_training():
    """A year's programme with volume, a practitioner who can sign in and book, and nothing for
    the first sweep to send in bulk (what was due before today is in the ledger)."""
    from training import sweep
    from training.demo import DEMO_PRACTITIONER
    from training.models import Booking, Course, Evaluation, FollowUp, Practitioner, Session

    assert Course.objects.count() == 30
    assert Session.objects.count() == 120
    assert Booking.objects.count() > 2000
    attended = Booking.objects.filter(attendance="attended").count()
    assert 0.5 < Evaluation.objects.count() / attended < 0.8
    assert FollowUp.objects.exists()
    practitioner = User.objects.get(email=DEMO_PRACTITIONER)
    assert user_roles(practitioner) == {Role.PRACTITIONER}
    assert practitioner.organisation is None
    assert (
        Practitioner.objects.get(user=practitioner).organisation
        == organisations_led_by(User.objects.get(email="agency@example.org")).get()
    )
    assert practitioner.check_password("demo-password-1234")
    assert len(sweep.due_pairs()) < 150


def check_policies():
    """About 25 documents in every status: drafts out for comments with answered comments,
    documents under review, learning closed by a new version, agencies' adoptions, and work
    waiting for the demo agency's lead."""
    assert Policy.objects.count() >= 25
    assert set(Policy.objects.values_list("status", flat=True)) == set(Policy.Status.values)
    assert ConsultationComment.objects.filter(responded_at__isnull=False).exists()
    assert ConsultationComment.objects.filter(responded_at__isnull=True).exists()
    assert ProcedureChangeRequest.objects.filter(resolved_at__isnull=False).exists()
    assert ProcedureChangeRequest.objects.filter(resolved_at__isnull=True).exists()
    assert Adoption.objects.count() > 100
    assert Policy.objects.exclude(published_version__external_url="").filter(published_version__isnull=False).exists()
    agency = User.objects.get(email="agency@example.org")
    assert policy_selectors.consultations_awaiting_comments(agency).exists()
    assert policy_selectors.adoptions_awaited(agency).exists()


def check_risk_titles_are_unique():
    """The Executive's register and the dashboard never list one risk several times."""
    from subgroups.models import Risk

    titles = list(Risk.objects.values_list("title", flat=True))
    assert titles and len(titles) == len(set(titles)), f"Risk titles repeat: {sorted(titles)}"
    assert Risk.objects.filter(escalated=True).exists()


def check_the_first_sweep_is_a_handful():
    """Day one of `make run`: the history is read, the ledger has yesterday's sweep, and the
    sweeps at start send each person no more than three emails."""
    from collections import Counter

    from django.core import mail
    from django.test import TestCase

    from core import reminders
    from core.models import Notification, SentReminder
    from engagement.tasks import sweep_surveys
    from training.tasks import sweep_training_messages

    assert SentReminder.objects.exists()  # yesterday's sweep, visible on the deadline pages
    assert not Notification.objects.filter(emailed_at__isnull=True, email_mode="immediate").exists()
    mail.outbox = []
    with TestCase.captureOnCommitCallbacks(execute=True):
        reminders.sweep()
        sweep_training_messages()
        sweep_surveys()
    per_person = Counter(message.to[0] for message in mail.outbox)
    assert mail.outbox and max(per_person.values()) <= 3, per_person.most_common(5)
    business = User.objects.get(email="business@example.org")
    unread = Notification.objects.filter(recipient=business, read_at__isnull=True).count()
    assert 0 < unread < 25
