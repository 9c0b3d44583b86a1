"""The yearly report: started and written by the business unit, submitted for sign-off (its
content frozen into a version with a hash), signed by each safeguarding partner's named
signatory or their delegate, published (the exact PDF kept), and sent to the Child
Safeguarding Practice Review Panel and the Department for Education within 7 days of
publication (the statutory clock).

Any change to a report awaiting sign-off withdraws its version: the sign-offs of it are void,
the people who gave them are told, and the report goes back to being prepared until it is
submitted again as a new version."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import cast

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core import calendar, documents, kept, notifications
from core.models import Deadline
from core.queue import enqueue_on_commit
from core.roles import Role, has_role
from core.services import DomainError, refuse, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User
from partnership.selectors import lead_users

from .. import permissions_reporting as permissions
from ..models import ReportSignatory, ReportSignOff, ReportVersion, YearlyReport
from ..periods import year_label, year_of
from ..report import REQUIREMENT_KEYS, REQUIREMENTS, build_report_pdf, compile_report, content_hash, content_of
from ..selectors.report import publication_problems

YEARLY_REPORT = notifications.register_kind(
    notifications.Kind(
        "yearly_report",
        "The yearly report",
        "When the yearly report needs your sign-off, a sign-off no longer counts, or the report is published",
    )
)
HEADINGS = {key: heading for key, heading, _ in YearlyReport.TEXT_SECTIONS}
REQUIREMENT_TITLES = {r.key: r.title for r in REQUIREMENTS}
EXPLANATION_LIMIT = 2_000
# A version's PDF not built this long after it was asked for is asked for again.
PDF_RETRY_AFTER = timedelta(minutes=5)


def _business_unit() -> list[User]:
    return list(get_user_model().objects.filter(is_active=True, groups__name=Role.BUSINESS_UNIT.label))


def _locked(report: YearlyReport) -> YearlyReport:
    return YearlyReport.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=report.pk)


def _not_published(report: YearlyReport) -> None:
    if report.is_published:
        raise DomainError("This report is published: it can no longer be changed")


@transaction.atomic
def report_create(*, acting_user: User, year: int) -> YearlyReport:
    refuse_unless(permissions.can_create_report(acting_user))
    latest = year_of(calendar.today())
    if not 2000 <= year <= latest:
        raise DomainError(f"Choose a reporting year from 2000 to {year_label(latest)}")
    if YearlyReport.objects.filter(year=year).exists():
        raise DomainError(f"There is already a yearly report for {year_label(year)}")
    report = YearlyReport(year=year, created_by=acting_user)
    save_with_history(report, acting_user=acting_user, reason="Started")
    return report


@dataclass
class Edited:
    report: YearlyReport
    withdrawn: list[ReportSignOff] = field(default_factory=list)  # sign-offs that no longer count
    version: ReportVersion | None = None  # the version the change withdrew from sign-off


def _withdraw(report: YearlyReport, *, acting_user: User, reason: str) -> Edited:
    """Take the version awaiting sign-off back: it is void, so are its sign-offs, and whoever
    signed it is told. The report is being prepared again."""
    version = report.current_version
    if not report.is_awaiting_sign_off or version is None:
        return Edited(report)
    withdrawn = list(version.sign_offs.select_related("organisation", "signed_by"))
    version.status = ReportVersion.Status.VOID
    version.voided_by = acting_user
    version.voided_at = timezone.now()
    version.void_reason = reason
    save_with_history(version, acting_user=acting_user, reason=f"Withdrawn: {reason}")
    report.status = YearlyReport.Status.DRAFT
    report.current_version = None
    history = f"Version {version.number} withdrawn from sign-off: {reason}"
    if withdrawn:
        history += "; the sign-offs of " + ", ".join(str(s.organisation) for s in withdrawn) + " no longer count"
    save_with_history(report, acting_user=acting_user, reason=history)
    if withdrawn:
        notifications.notify(
            [s.signed_by for s in withdrawn],
            kind=YEARLY_REPORT.key,
            title=f"{report}: the version you signed off was withdrawn",
            body=f"Version {version.number} was withdrawn by {acting_user}: {reason}. Your sign-off no longer counts; "
            "you will be asked to sign off the new version when it is submitted.",
            url=report.get_absolute_url(),
            subject=report,
        )
    return Edited(report, withdrawn, version)


@transaction.atomic
def report_section_edit(*, acting_user: User, report: YearlyReport, key: str, text: str) -> Edited:
    """Change one written section. A report awaiting sign-off goes back to being prepared:
    the version is withdrawn and its sign-offs no longer count."""
    if key not in YearlyReport.TEXT_FIELDS:
        raise ValueError(f"Unknown section {key}")
    # Read the saved row (an edit form may have changed the instance it was given), locked so
    # that two edits are made one after the other.
    report = _locked(report)
    _not_published(report)
    refuse_unless(permissions.can_edit_report(acting_user, report))
    text = text.strip()
    if text == getattr(report, key):
        return Edited(report)
    edited = _withdraw(report, acting_user=acting_user, reason=f"“{HEADINGS[key]}” was edited")
    setattr(report, key, text)
    save_with_history(report, acting_user=acting_user, reason=f"Edited “{HEADINGS[key]}”")
    return edited


@transaction.atomic
def report_gap_explain(*, acting_user: User, report: YearlyReport, requirement: str, text: str) -> Edited:
    """Explain, in text printed in the report, why it does not cover one of the things Working
    Together 2023 asks it to contain. Like any change, it withdraws a version awaiting sign-off."""
    if requirement not in REQUIREMENT_KEYS:
        raise ValueError(f"Unknown requirement {requirement}")
    report = _locked(report)
    _not_published(report)
    refuse_unless(permissions.can_edit_report(acting_user, report))
    text = text.strip()
    if len(text) > EXPLANATION_LIMIT:
        raise DomainError(f"The explanation must be {EXPLANATION_LIMIT:,} characters or fewer")
    explanations = dict(report.gap_explanations or {})
    if text == explanations.get(requirement, ""):
        return Edited(report)
    title = REQUIREMENT_TITLES[requirement]
    edited = _withdraw(report, acting_user=acting_user, reason=f"the explanation of “{title}” was changed")
    if text:
        explanations[requirement] = text
    else:
        explanations.pop(requirement, None)
    report.gap_explanations = explanations
    save_with_history(report, acting_user=acting_user, reason=f"Explained why the report does not cover “{title}”")
    return edited


@transaction.atomic
def report_submit(*, acting_user: User, report: YearlyReport) -> ReportVersion:
    """Freeze the report as it stands, text and data, into the next version, and ask each
    partner's signatory (and their delegate) to sign it off."""
    refuse_unless(permissions.can_prepare_report(acting_user))
    report = _locked(report)
    if not report.is_being_prepared:
        raise DomainError(
            "This report is already awaiting sign-off" if report.is_awaiting_sign_off else "This report is published"
        )
    compiled = compile_report(report)
    if not compiled.partners:
        raise DomainError("The directory lists no safeguarding partners to sign the report off")
    unnamed = compiled.partners_without_signatory
    if unnamed:
        raise DomainError(
            "Name who signs the report for "
            + ", ".join(str(p) for p in unnamed)
            + " before submitting it for sign-off (Yearly reports, Signatories)"
        )
    content = content_of(compiled)
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion(
        report=report, number=number, content=content, content_hash=content_hash(content), frozen_by=acting_user
    )
    save_with_history(version, acting_user=acting_user, reason="Submitted for sign-off")
    report.status = YearlyReport.Status.SIGN_OFF
    report.current_version = version
    save_with_history(report, acting_user=acting_user, reason=f"Version {number} submitted for sign-off")
    # Every partner has a signatory: the check on `unnamed` above refused the report otherwise.
    signatories = [p.signatory for p in compiled.partners if p.signatory is not None]
    signers = [s.signatory for s in signatories] + [s.delegate for s in signatories if s.delegate_id]
    _request_pdf(version)
    notifications.notify(
        signers,
        kind=YEARLY_REPORT.key,
        title=f"{report}: version {number} needs your sign-off",
        body=f"{acting_user} submitted version {number} for sign-off. Read it and sign it off for your organisation.",
        url=report.get_absolute_url(),
        subject=report,
    )
    return version


def _request_pdf(version: ReportVersion) -> None:
    from ..tasks import build_report_version_pdf

    ReportVersion.objects.filter(pk=version.pk).update(pdf_requested_at=timezone.now())
    kept.changed(ReportVersion)
    enqueue_on_commit(build_report_version_pdf, version.pk)


def _request_published_pdf(report: YearlyReport) -> None:
    from ..tasks import build_published_report_pdf

    YearlyReport.objects.filter(pk=report.pk).update(pdf_requested_at=timezone.now())
    kept.changed(YearlyReport)
    enqueue_on_commit(build_published_report_pdf, report.pk)


def report_published_pdf_request(*, report: YearlyReport) -> bool:
    """Ask again for the published PDF if a build was lost (see report_version_pdf_request)."""
    if not report.published_pdf_is_stale(timezone.now(), PDF_RETRY_AFTER):
        return False
    with transaction.atomic():
        _request_published_pdf(report)
    return True


def report_published_pdf_build(*, report_id: int) -> bool:
    """Build the published report's PDF, as published, and keep it: from then on it is the file
    the public link serves, whatever changes. Idempotent."""
    report = YearlyReport.objects.filter(pk=report_id).select_related("current_version").first()
    if report is None or not report.is_published or report.document_id:
        return False
    data = build_report_pdf(report)
    with transaction.atomic():
        report = _locked(report)
        publisher = report.published_by  # set with the status: a published report has one
        if report.document_id or publisher is None:
            return False
        _store_published(report, data, publisher)
        save_with_history(report, acting_user=publisher, reason="Published PDF built")
    return True


def _store_published(report: YearlyReport, data: bytes, publisher: User) -> None:
    upload = SimpleUploadedFile(report.file_name, data, content_type="application/pdf")
    report.document = documents.store(upload=upload, subject=report, uploaded_by=publisher, title=str(report))


def report_version_pdf_request(*, version: ReportVersion) -> bool:
    """Ask again for a version's PDF if it has none and none was asked for lately (a build lost
    with a worker or a broker outage): the page serving it calls this."""
    if not version.pdf_build_is_stale(timezone.now(), PDF_RETRY_AFTER):
        return False
    with transaction.atomic():
        _request_pdf(version)
    return True


def report_version_pdf_build(*, version_id: int) -> bool:
    """Build a frozen version's PDF and keep it, so it is served from the stored file (the
    build takes seconds). Idempotent: a version that has its PDF, or is void, is left alone.
    Rendering happens outside the transaction; storing inside it, under the version's lock."""
    version = ReportVersion.objects.select_related("report").filter(pk=version_id).first()
    if version is None or version.document_id or version.is_void:
        return False
    data = build_report_pdf(version.report, version=version)
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version_id)
        if version.document_id or version.is_void:
            return False
        report = version.report
        upload = SimpleUploadedFile(
            f"{report.file_name[:-4]}-version-{version.number}.pdf", data, content_type="application/pdf"
        )
        version.document = documents.store(
            upload=upload, subject=report, uploaded_by=version.frozen_by, title=f"{version} (PDF)"
        )
        save_with_history(version, acting_user=version.frozen_by, reason="PDF built")
    return True


@transaction.atomic
def report_withdraw(*, acting_user: User, report: YearlyReport, reason: str) -> Edited:
    """Take a version awaiting sign-off back to change it."""
    refuse_unless(permissions.can_prepare_report(acting_user))
    report = _locked(report)
    if not report.is_awaiting_sign_off:
        raise DomainError("Only a report awaiting sign-off can be withdrawn")
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter why you are withdrawing it")
    return _withdraw(report, acting_user=acting_user, reason=reason)


@transaction.atomic
def report_sign_off(
    *, acting_user: User, report: YearlyReport, organisation: Organisation, version: int, content_hash: str
) -> ReportSignOff:
    """The partner's named signatory (or their delegate) signs off the version awaiting
    sign-off: the one they read (`version` and its `content_hash`), or they are told it has
    changed."""
    report = _locked(report)
    _not_published(report)
    current = report.current_version
    if not report.is_awaiting_sign_off or current is None:
        raise DomainError("This report is not awaiting sign-off: it is still being prepared")
    if version != current.number or content_hash != current.content_hash:
        raise DomainError(
            f"The report has changed since you opened it: read version {current.number} and sign it off again"
        )
    signatory = ReportSignatory.objects.filter(organisation=organisation).first()
    if signatory is None or not permissions.can_sign_for(acting_user, signatory):
        refuse(f"Only the person named to sign for {organisation}, or their delegate, can sign off the report for it")
    if current.sign_offs.filter(organisation=organisation).exists():
        raise DomainError(f"{organisation} has already signed off this version of the report")
    sign_off = ReportSignOff(
        report=report,
        version=current,
        organisation=organisation,
        signed_by=acting_user,
        as_delegate=acting_user.pk == signatory.delegate_id and acting_user.pk != signatory.signatory_id,
        revision=current.number,
        content_hash=current.content_hash,
    )
    save_with_history(sign_off, acting_user=acting_user, reason="Signed off")
    save_with_history(report, acting_user=acting_user, reason=f"Version {current.number} signed off for {organisation}")
    notifications.notify(
        _business_unit(),
        kind=YEARLY_REPORT.key,
        title=f"{report} signed off for {organisation}",
        body=f"{acting_user} signed off version {current.number}.",
        url=report.get_absolute_url(),
        subject=report,
    )
    return sign_off


def _at(day: date) -> datetime:
    """The moment to record for something done on `day` (now, if it was today)."""
    if day >= calendar.today():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(12)))


@transaction.atomic
def report_publish(
    *,
    acting_user: User,
    report: YearlyReport,
    published_on: date,
    render: Callable[[YearlyReport], bytes] | None = None,
    early_reason: str = "",
) -> YearlyReport:
    """Publish the version every partner signed off: its PDF is built as published (it says
    when, and nothing else about its state), kept as a document with its hash, and served from
    then on (by `render` now, or, without one, in the background: laying out the report takes
    seconds); the clocks start for sending it to the Panel and the Department for Education
    (7 days) and for the next report (12 months)."""
    refuse_unless(permissions.can_publish_report(acting_user, report))
    report = _locked(report)
    _not_published(report)
    problems = publication_problems(report, published_on=published_on, early_reason=early_reason)
    if problems:
        raise DomainError(". ".join(problems))
    partners = list(Organisation.objects.filter(is_safeguarding_partner=True, is_active=True).order_by("name"))
    # publication_problems() refused a report with no version awaiting sign-off.
    version = cast(ReportVersion, report.current_version)
    report.status = YearlyReport.Status.PUBLISHED
    report.published_on = published_on
    report.published_by = acting_user
    report.early_publication_reason = early_reason.strip() if published_on <= report.period[1] else ""
    if render is not None:
        _store_published(report, render(report), acting_user)
    version.status = ReportVersion.Status.PUBLISHED
    save_with_history(version, acting_user=acting_user, reason=f"Published on {published_on:%-d %B %Y}")
    reason = f"Version {version.number} published on {published_on:%-d %B %Y}"
    if report.early_publication_reason:
        reason += f", before the end of the year: {report.early_publication_reason}"
    save_with_history(report, acting_user=acting_user, reason=reason)
    _start_clocks(report, acting_user, partners, published_on)
    if render is None:
        _request_published_pdf(report)
    notifications.notify(
        _business_unit(),
        kind=YEARLY_REPORT.key,
        title=f"{report} published: send it to the Panel and the Department for Education within 7 days",
        url=report.get_absolute_url(),
        subject=report,
    )
    return report


def _start_clocks(report: YearlyReport, acting_user: User, partners: list[Organisation], published_on: date) -> None:
    leads = [user for partner in partners for user in lead_users(partner)]
    for deadline in Deadline.objects.live().filter(rule__key="yearly_report"):
        clock.deadline_meet(
            deadline=deadline, acting_user=acting_user, when=_at(published_on), reason=f"{report} published"
        )
    business = _business_unit()
    clock.deadline_create(
        subject=report,
        rule_key="yearly_report_sent",
        start=published_on,
        title=f"Send the yearly report {report.year_label} to the Panel and the Department for Education",
        responsible_users=business,
        escalation_users=leads,
        acting_user=acting_user,
        reason="Report published",
    )
    clock.deadline_create(
        subject=report,
        rule_key="yearly_report",
        start=published_on,
        title=f"Publish the next yearly report (the one after {report.year_label})",
        responsible_users=business,
        escalation_users=leads,
        acting_user=acting_user,
        reason="Report published",
    )


@transaction.atomic
def report_record_sent(*, acting_user: User, report: YearlyReport, sent_on: date) -> YearlyReport:
    """Record that the published report went to the Panel and the Department for Education:
    this meets the 7-day deadline."""
    refuse_unless(has_role(acting_user, Role.BUSINESS_UNIT))
    report = _locked(report)
    if not report.is_published or report.published_on is None:
        raise DomainError("Publish the report before recording that it was sent")
    if sent_on > calendar.today():
        raise DomainError("The date it was sent cannot be in the future")
    if sent_on < report.published_on:
        raise DomainError("The date it was sent must be on or after the publication date")
    report.sent_on = sent_on
    save_with_history(
        report,
        acting_user=acting_user,
        reason=f"Sent to the Panel and the Department for Education on {sent_on:%-d %B %Y}",
    )
    for deadline in Deadline.objects.for_subject(report).live().filter(rule__key="yearly_report_sent"):
        clock.deadline_meet(
            deadline=deadline, acting_user=acting_user, when=_at(sent_on), reason="Sent to the Panel and the DfE"
        )
    return report
