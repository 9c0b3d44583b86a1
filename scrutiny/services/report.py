"""The yearly report: started by the business unit, written in the portal, signed off by each
lead safeguarding partner, published, and sent to the Child Safeguarding Practice Review Panel
and the Department for Education within 7 days of publication (the statutory clock)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from core import calendar, documents, notifications
from core.models import Deadline
from core.roles import Role, has_role
from core.services import DomainError, require, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation
from partnership.services import lead_users

from .. import permissions_reporting as permissions
from ..models import ReportSignOff, YearlyReport
from ..periods import year_label, year_of

YEARLY_REPORT = notifications.register_kind(
    notifications.Kind(
        "yearly_report",
        "The yearly report",
        "When the yearly report needs your sign-off, a sign-off no longer counts, or the report is published",
    )
)
HEADINGS = {key: heading for key, heading, _ in YearlyReport.TEXT_SECTIONS}


def _business_unit():
    return list(get_user_model().objects.filter(is_active=True, groups__name=Role.BUSINESS_UNIT.label))


def _draft_only(report: YearlyReport) -> None:
    if not report.is_draft:
        raise DomainError("This report is published: it can no longer be changed")


@transaction.atomic
def report_create(*, acting_user, year: int) -> YearlyReport:
    require(permissions.can_create_report(acting_user))
    latest = year_of(calendar.today())
    if not 2000 <= year <= latest:
        raise DomainError(f"Choose a reporting year from 2000 to {year_label(latest)}")
    if YearlyReport.objects.filter(year=year).exists():
        raise DomainError(f"There is already a yearly report for {year_label(year)}")
    report = YearlyReport(year=year, created_by=acting_user)
    return save_with_history(report, acting_user=acting_user, reason="Started")


@dataclass
class Edited:
    report: YearlyReport
    withdrawn: list[ReportSignOff] = field(default_factory=list)


@transaction.atomic
def report_section_edit(*, acting_user, report: YearlyReport, key: str, text: str) -> Edited:
    """Change one free-text section. Any change makes a new revision of the report: the
    partners' sign-offs of the earlier one no longer count, and they are told."""
    if key not in YearlyReport.TEXT_FIELDS:
        raise ValueError(f"Unknown section {key}")
    # Read the saved row (an edit form may have changed the instance it was given), locked so
    # that two edits make two revisions.
    report = YearlyReport.objects.select_for_update().get(pk=report.pk)
    _draft_only(report)
    require(permissions.can_edit_report(acting_user, report))
    text = text.strip()
    if text == getattr(report, key):
        return Edited(report)
    withdrawn = list(report.sign_offs.filter(revision=report.revision).select_related("organisation", "signed_by"))
    setattr(report, key, text)
    report.revision += 1
    reason = f"Edited “{HEADINGS[key]}”"
    if withdrawn:
        reason += "; the sign-offs of " + ", ".join(str(s.organisation) for s in withdrawn) + " no longer count"
    save_with_history(report, acting_user=acting_user, reason=reason)
    if withdrawn:
        notifications.notify(
            [s.signed_by for s in withdrawn],
            kind=YEARLY_REPORT.key,
            title=f"{report} changed after you signed it off",
            body=f"“{HEADINGS[key]}” was edited by {acting_user}. Read it again and sign off the new version.",
            url=report.get_absolute_url(),
        )
    return Edited(report, withdrawn)


@transaction.atomic
def report_sign_off(
    *, acting_user, report: YearlyReport, organisation: Organisation, revision: int | None = None
) -> ReportSignOff:
    """A lead safeguarding partner signs off the current revision for their organisation: the
    one they read (`revision`, when given), or they are told it has changed."""
    report = YearlyReport.objects.select_for_update().get(pk=report.pk)
    _draft_only(report)
    if revision is not None and revision != report.revision:
        raise DomainError(
            f"The report has changed since you opened it: read version {report.revision} and sign it off again"
        )
    require(
        permissions.partners_led_by(acting_user).filter(pk=organisation.pk).exists(),
        f"Only the lead for {organisation} can sign off the report for it",
    )
    if report.sign_offs.filter(organisation=organisation, revision=report.revision).exists():
        raise DomainError(f"{organisation} has already signed off this version of the report")
    sign_off = ReportSignOff(report=report, organisation=organisation, signed_by=acting_user, revision=report.revision)
    save_with_history(sign_off, acting_user=acting_user, reason="Signed off")
    save_with_history(report, acting_user=acting_user, reason=f"Signed off for {organisation}")
    notifications.notify(
        _business_unit(),
        kind=YEARLY_REPORT.key,
        title=f"{report} signed off for {organisation}",
        body=f"{acting_user} signed off version {report.revision}.",
        url=report.get_absolute_url(),
    )
    return sign_off


def _at(day: date) -> datetime:
    """The moment to record for something done on `day` (now, if it was today)."""
    if day >= calendar.today():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(12)))


@transaction.atomic
def report_publish(
    *, acting_user, report: YearlyReport, published_on: date, render: Callable[[YearlyReport], bytes]
) -> YearlyReport:
    """Publish the report once every lead safeguarding partner has signed off this version:
    the PDF is kept, and the clock starts for sending it to the Panel and the Department for
    Education (7 days) and for the next report (12 months)."""
    require(permissions.can_publish_report(acting_user, report))
    report = YearlyReport.objects.select_for_update().get(pk=report.pk)
    _draft_only(report)
    partners = list(Organisation.objects.filter(is_safeguarding_partner=True, is_active=True).order_by("name"))
    if not partners:
        raise DomainError("The directory lists no safeguarding partners to sign the report off")
    signed = set(report.sign_offs.filter(revision=report.revision).values_list("organisation_id", flat=True))
    missing = [str(p) for p in partners if p.pk not in signed]
    if missing:
        raise DomainError(
            "The report cannot be published until every lead safeguarding partner has signed off this version: "
            "still needed from " + ", ".join(missing)
        )
    if published_on > calendar.today():
        raise DomainError("The publication date cannot be in the future")
    if published_on < report.period[0]:
        raise DomainError(f"The publication date must be after the start of {report.year_label}")
    upload = SimpleUploadedFile(
        f"yearly-report-{report.year}-{report.year + 1}.pdf", render(report), content_type="application/pdf"
    )
    report.document = documents.store(
        upload=upload, subject=report, uploaded_by=acting_user, title=str(report), previous=report.document
    )
    report.status = YearlyReport.Status.PUBLISHED
    report.published_on = published_on
    report.published_by = acting_user
    save_with_history(report, acting_user=acting_user, reason=f"Published on {published_on:%-d %B %Y}")
    _start_clocks(report, acting_user, partners)
    notifications.notify(
        _business_unit(),
        kind=YEARLY_REPORT.key,
        title=f"{report} published: send it to the Panel and the Department for Education within 7 days",
        url=report.get_absolute_url(),
    )
    return report


def _start_clocks(report: YearlyReport, acting_user, partners: list[Organisation]) -> None:
    leads = [user for partner in partners for user in lead_users(partner)]
    for deadline in Deadline.objects.live().filter(rule__key="yearly_report"):
        clock.deadline_meet(
            deadline=deadline, acting_user=acting_user, when=_at(report.published_on), reason=f"{report} published"
        )
    business = _business_unit()
    clock.deadline_create(
        subject=report,
        rule_key="yearly_report_sent",
        start=report.published_on,
        title=f"Send the yearly report {report.year_label} to the Panel and the Department for Education",
        responsible_users=business,
        escalation_users=leads,
        acting_user=acting_user,
        reason="Report published",
    )
    clock.deadline_create(
        subject=report,
        rule_key="yearly_report",
        start=report.published_on,
        title=f"Publish the next yearly report (the one after {report.year_label})",
        responsible_users=business,
        escalation_users=leads,
        acting_user=acting_user,
        reason="Report published",
    )


@transaction.atomic
def report_record_sent(*, acting_user, report: YearlyReport, sent_on: date) -> YearlyReport:
    """Record that the published report went to the Panel and the Department for Education:
    this meets the 7-day deadline."""
    require(has_role(acting_user, Role.BUSINESS_UNIT))
    report = YearlyReport.objects.select_for_update().get(pk=report.pk)
    if report.is_draft:
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
