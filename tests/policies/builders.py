"""Building policies through their services, for the tests and the permission matrix."""

from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from core import calendar
from policies.models import Policy
from policies.services import approval, consultation, register
from subgroups.models import MinuteEntry
from subgroups.services import groups as group_services
from subgroups.services import meetings as meeting_services

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name: str = "draft.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def owning_group(business, *, name: str = "Policy and procedures sub-group", chair=None, members=()):
    group = group_services.group_save(acting_user=business, name=name, kind="subgroup", purpose="Owns procedures")
    for person in (chair, *members):
        if person is not None:
            group_services.membership_add(acting_user=business, group=group, person=person)
    if chair is not None:
        group_services.group_set_chair(acting_user=business, group=group, person=chair)
    return group


def draft(business, group, *, lead=None, title: str = "Escalation policy", upload=True, **fields) -> Policy:
    return register.policy_create(
        acting_user=business,
        title=title,
        kind=fields.pop("kind", Policy.Kind.POLICY),
        summary=fields.pop("summary", "How professionals resolve disagreements about a child’s safety."),
        owner_group=group,
        lead=lead or business,
        upload=pdf() if upload else None,
        external_url="" if upload else "https://procedures.example.org/escalation",
        **fields,
    )


def decision(business, group, *, text: str = "The group approved the draft.", days_ago: int = 1) -> MinuteEntry:
    """A held meeting of the group with a minuted decision."""
    meeting = meeting_services.meeting_create(
        acting_user=business,
        group=group,
        date=calendar.today() - timedelta(days=days_ago),
        start_time=time(10),
        location="Civic Centre",
    )
    return meeting_services.entry_add(acting_user=business, meeting=meeting, item=None, kind="decision", text=text)


def consulted(business, policy, organisations, *, closes_on: date | None = None):
    return consultation.consultation_open(
        acting_user=business,
        policy=policy,
        organisations=organisations,
        closes_on=closes_on or calendar.today() + timedelta(days=21),
        question="Is the escalation route clear?",
    )


def approved(business, policy, group):
    approval.approval_record(acting_user=business, policy=policy, decision=decision(business, group))
    policy.refresh_from_db()
    return policy


def published(business, group, *, review_in_days: int = 700, **fields) -> Policy:
    policy = draft(business, group, **fields)
    approved(business, policy, group)
    approval.policy_publish(
        acting_user=business,
        policy=policy,
        published_on=calendar.today(),
        review_date=calendar.today() + timedelta(days=review_in_days),
    )
    policy.refresh_from_db()
    return policy
