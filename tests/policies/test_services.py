"""The register's services: each move of a document, the deadlines and messages each leaves
behind, and the refusals."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from core import calendar, notifications
from core.models import Deadline, Notification
from core.reminders import sweep
from core.services import DomainError
from policies import selectors
from policies.models import Adoption, Policy
from policies.services import adoption, approval, consultation, register
from tests.factories import OrganisationFactory, UserFactory

from .builders import approved, consulted, decision, draft, pdf, published

pytestmark = pytest.mark.django_db


def _inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_a_new_document_is_a_draft_with_its_first_version_and_its_lead_is_told(business, group, member):
    policy = draft(business, group, lead=member)
    assert policy.status == Policy.Status.DRAFT and policy.slug == "escalation-policy"
    version = policy.versions.get()
    assert version.number == 1 and version.document.original_name == "draft.pdf" and not version.is_published
    assert version.document.subject == version
    assert _inbox(member) == ["You are the named lead for Escalation policy"]
    assert policy.history.first().history_change_reason == "Added to the register"


def test_a_second_document_with_the_same_title_gets_its_own_address(business, group):
    assert draft(business, group).slug == "escalation-policy"
    assert draft(business, group).slug == "escalation-policy-2"


def test_only_the_business_unit_adds_documents(chair, group):
    with pytest.raises(PermissionDenied):
        draft(chair, group)


def test_a_closed_group_cannot_own_a_document(business, group):
    group.status = group.Status.CLOSED
    group.save()
    with pytest.raises(DomainError, match="is closed"):
        draft(business, group)


def test_a_version_can_be_a_link_to_an_external_manual(business, group):
    policy = draft(business, group, upload=False)
    version = policy.versions.get()
    assert version.is_external and version.external_url == "https://procedures.example.org/escalation"


def test_changing_the_draft_keeps_the_earlier_file_as_its_previous_version(business, group):
    policy = draft(business, group)
    first = policy.versions.get().document
    version = register.version_save(
        acting_user=business, policy=policy, change_summary="Clearer stages", upload=pdf("second.pdf")
    )
    assert version.number == 1 and version.document.previous == first and version.change_summary == "Clearer stages"


def test_the_draft_cannot_change_while_it_is_out_for_comments(business, group, agency_lead):
    policy = draft(business, group)
    consulted(business, policy, [agency_lead.organisation])
    with pytest.raises(DomainError, match="only while it is being drafted"):
        register.version_save(acting_user=business, policy=policy, change_summary="x", upload=pdf())


def test_consultation_tells_each_organisations_lead_and_sets_a_deadline_each(business, group, agency_lead):
    policy = draft(business, group)
    other = OrganisationFactory(name="Testshire Housing")
    closes_on = calendar.today() + timedelta(days=14)
    sent = consulted(business, policy, [agency_lead.organisation, other], closes_on=closes_on)
    policy.refresh_from_db()
    assert policy.status == Policy.Status.IN_CONSULTATION
    assert sent.invites.count() == 2 and sent.document == policy.versions.get().document
    deadlines = Deadline.objects.for_subject(sent.version).filter(rule__key="policy_consultation")
    assert sorted(d.responsible_organisation.name for d in deadlines) == sorted(
        [agency_lead.organisation.name, "Testshire Housing"]
    )
    assert {d.due_date for d in deadlines} == {closes_on}
    message = Notification.objects.get(recipient=agency_lead)
    assert message.title.startswith("Your comments are asked on Escalation policy")
    assert message.subject_id == sent.version.pk and message.url == sent.get_absolute_url()


@pytest.mark.parametrize(
    ("days", "message"),
    [(0, "must be in the future"), (-3, "must be in the future")],
)
def test_consultation_needs_a_future_closing_date(business, group, agency_lead, days, message):
    policy = draft(business, group)
    with pytest.raises(DomainError, match=message):
        consulted(business, policy, [agency_lead.organisation], closes_on=calendar.today() + timedelta(days=days))


def test_consultation_needs_an_organisation(business, group):
    with pytest.raises(DomainError, match="at least one organisation"):
        consulted(business, draft(business, group), [])


def test_a_comment_meets_the_organisations_deadline_and_the_lead_is_told_once(business, group, agency_lead, member):
    policy = draft(business, group, lead=member)
    sent = consulted(business, policy, [agency_lead.organisation])
    for text in ("First point", "Second point"):
        consultation.comment_add(
            acting_user=agency_lead, consultation=sent, organisation=agency_lead.organisation, text=text
        )
    deadline = Deadline.objects.for_subject(sent.version).get(rule__key="policy_consultation")
    assert deadline.status == Deadline.Status.MET
    assert sent.invites.get().responded_at is not None
    assert _inbox(member).count(f"Comments from {agency_lead.organisation} on Escalation policy") == 1


def test_a_lead_comments_only_for_an_invited_organisation_they_lead(business, group, agency_lead, member):
    policy = draft(business, group)
    other = OrganisationFactory(name="Testshire Police")
    sent = consulted(business, policy, [other])
    with pytest.raises(PermissionDenied):
        consultation.comment_add(acting_user=agency_lead, consultation=sent, organisation=other, text="x")
    with pytest.raises(DomainError, match="was not asked"):
        consultation.comment_add(
            acting_user=business, consultation=sent, organisation=agency_lead.organisation, text="x"
        )


def test_no_comments_is_an_answer_that_stops_the_chasing(business, group, agency_lead):
    sent = consulted(business, draft(business, group), [agency_lead.organisation])
    consultation.no_comments_record(acting_user=agency_lead, consultation=sent, organisation=agency_lead.organisation)
    assert Deadline.objects.for_subject(sent.version).get().status == Deadline.Status.MET
    with pytest.raises(DomainError, match="already said"):
        consultation.no_comments_record(
            acting_user=agency_lead, consultation=sent, organisation=agency_lead.organisation
        )


def test_an_answer_goes_back_to_the_commenter(business, group, agency_lead):
    sent = consulted(business, draft(business, group), [agency_lead.organisation])
    comment = consultation.comment_add(
        acting_user=agency_lead, consultation=sent, organisation=agency_lead.organisation, text="Name the DPO"
    )
    consultation.comment_answer(acting_user=business, comment=comment, response="Added to 3.2", outcome="changed")
    comment.refresh_from_db()
    assert comment.is_answered and comment.responded_by == business
    answered = Notification.objects.get(recipient=agency_lead, title__startswith="Your comment on")
    assert answered.body == "The draft was changed. Added to 3.2" and answered.subject_id == sent.version_id


def test_the_commenter_cannot_answer(business, group, agency_lead):
    sent = consulted(business, draft(business, group), [agency_lead.organisation])
    comment = consultation.comment_add(
        acting_user=agency_lead, consultation=sent, organisation=agency_lead.organisation, text="x"
    )
    with pytest.raises(PermissionDenied):
        consultation.comment_answer(acting_user=agency_lead, comment=comment, response="y", outcome="changed")


def test_closing_stops_reminders_to_those_who_did_not_answer_and_refuses_late_comments(business, group, agency_lead):
    policy = draft(business, group)
    sent = consulted(business, policy, [agency_lead.organisation])
    consultation.consultation_close(acting_user=business, consultation=sent)
    policy.refresh_from_db()
    assert policy.status == Policy.Status.DRAFT and not sent.is_open
    assert Deadline.objects.for_subject(sent.version).get().status == Deadline.Status.CANCELLED
    with pytest.raises(DomainError, match="has closed"):
        consultation.comment_add(
            acting_user=agency_lead, consultation=sent, organisation=agency_lead.organisation, text="late"
        )


def test_approval_is_refused_while_the_consultation_is_open(business, group, agency_lead):
    policy = draft(business, group)
    consulted(business, policy, [agency_lead.organisation])
    with pytest.raises(DomainError, match="close the consultation first"):
        approval.approval_record(acting_user=business, policy=policy, decision=decision(business, group))


def test_approval_comes_from_the_owning_groups_minuted_decision(business, group, chair, member):
    policy = draft(business, group, lead=member)
    entry = decision(business, group, text="Approved, with the route for schools added.")
    record = approval.approval_record(acting_user=chair, policy=policy, decision=entry)
    policy.refresh_from_db()
    assert policy.status == Policy.Status.APPROVED
    assert record.version == policy.versions.get() and record.decision == entry
    assert record.approved_on == entry.meeting.date and record.decision_text == entry.text
    assert f"Approved by {group}: Escalation policy" in _inbox(member)


def test_another_groups_decision_does_not_approve(business, group):
    other = group.__class__.objects.create(name="Another group", kind="subgroup", purpose="x")
    with pytest.raises(DomainError, match="which owns this document"):
        approval.approval_record(
            acting_user=business, policy=draft(business, group), decision=decision(business, other)
        )


def test_an_unratified_decision_of_an_inquorate_meeting_does_not_approve(business, group):
    entry = decision(business, group)
    entry.needs_ratification = True
    entry.save()
    with pytest.raises(DomainError, match="not been ratified"):
        approval.approval_record(acting_user=business, policy=draft(business, group), decision=entry)


def test_a_member_who_does_not_chair_cannot_record_approval(business, group, member):
    with pytest.raises(PermissionDenied):
        approval.approval_record(acting_user=member, policy=draft(business, group), decision=decision(business, group))


def test_putting_it_on_the_agenda_tells_the_groups_members_where_to_read_it(business, group, member, chair):
    from datetime import time

    from subgroups.services import meetings

    policy = draft(business, group)
    meeting = meetings.meeting_create(
        acting_user=business, group=group, date=calendar.today() + timedelta(days=10), start_time=time(10), location="A"
    )
    item = approval.approval_request(acting_user=chair, policy=policy, meeting=meeting)
    assert item.title == "For approval: Escalation policy, version 1" and item.kind == "decision"
    with pytest.raises(DomainError, match="already on the agenda"):
        approval.approval_request(acting_user=chair, policy=policy, meeting=meeting)
    assert policy.versions.get().agenda_item == item
    told = Notification.objects.get(recipient=member, kind="policy_approval")
    assert told.url == policy.get_absolute_url() and "Read the draft" in told.body
    # The meeting is held; the decision minuted on that item is offered first.
    meeting.date = calendar.today()
    meeting.save()
    meeting_services_entry = meetings.entry_add(
        acting_user=business, meeting=meeting, item=item, kind="decision", text="Approved"
    )
    older = decision(business, group, text="Something else", days_ago=3)
    assert selectors.decisions_for(policy)[:2] == [meeting_services_entry, older]


def test_publishing_puts_the_version_in_force_and_sets_the_review_deadline_for_the_lead(business, group, member, chair):
    policy = approved(business, draft(business, group, lead=member), group)
    review = calendar.today() + timedelta(days=365)
    version = approval.policy_publish(
        acting_user=business, policy=policy, published_on=calendar.today(), review_date=review
    )
    policy.refresh_from_db()
    assert policy.status == Policy.Status.PUBLISHED and policy.published_version == version
    assert version.published_on == calendar.today() and policy.review_date == review
    deadline = Deadline.objects.for_subject(policy).get(rule__key="policy_review")
    assert deadline.due_date == review and list(deadline.responsible_users.all()) == [member]
    assert list(deadline.escalation_users.all()) == [chair]


@pytest.mark.parametrize(
    ("published_days", "review_days", "message"),
    [
        (1, 300, "cannot be in the future"),
        (-10, 300, "before it was approved"),
        (0, 0, "must be after the publication date"),
        (0, 5 * 366 + 1, "within 5 years"),
    ],
)
def test_publication_dates_are_checked(business, group, published_days, review_days, message):
    policy = approved(business, draft(business, group), group)
    today = calendar.today()
    with pytest.raises(DomainError, match=message):
        approval.policy_publish(
            acting_user=business,
            policy=policy,
            published_on=today + timedelta(days=published_days),
            review_date=today + timedelta(days=review_days),
        )


def test_a_draft_cannot_be_published_without_approval(business, group):
    with pytest.raises(DomainError, match="record the group’s approval first"):
        approval.policy_publish(
            acting_user=business,
            policy=draft(business, group),
            published_on=calendar.today(),
            review_date=calendar.today() + timedelta(days=30),
        )


def test_publishing_asks_every_partner_and_relevant_agency_lead_to_confirm_adoption(business, group, agency_lead):
    published(business, group)
    told = Notification.objects.get(recipient=agency_lead)
    assert told.title == "Published: Escalation policy, version 1. Confirm your organisation has adopted it"


def test_the_review_reminder_reaches_the_lead_after_a_sweep(business, group, member):
    policy = published(business, group, lead=member, review_in_days=2)
    sent = sweep().pairs
    deadline = Deadline.objects.for_subject(policy).get(rule__key="policy_review")
    reminders = Notification.objects.filter(recipient=member, deadline=deadline)
    assert sent >= 1 and reminders.count() == 1
    assert reminders.get().title.endswith("Review due: Escalation policy")


def test_a_review_keeps_the_version_in_force_until_the_next_is_published(business, group):
    policy = published(business, group)
    first = policy.published_version
    register.review_start(acting_user=business, policy=policy, reason="Two years on")
    register.version_save(acting_user=business, policy=policy, change_summary="New thresholds", upload=pdf("v2.pdf"))
    policy.refresh_from_db()
    assert policy.status == Policy.Status.UNDER_REVIEW and policy.published_version == first
    approved(business, policy, group)
    old_review = Deadline.objects.for_subject(policy).get(rule__key="policy_review")
    second = approval.policy_publish(
        acting_user=business,
        policy=policy,
        published_on=calendar.today(),
        review_date=calendar.today() + timedelta(days=400),
    )
    policy.refresh_from_db()
    old_review.refresh_from_db()
    assert second.number == 2 and policy.published_version == second
    assert old_review.status == Deadline.Status.MET
    assert Deadline.objects.for_subject(policy).live().get().due_date == calendar.today() + timedelta(days=400)


def test_a_review_that_changes_nothing_reapproves_the_version_in_force(business, group):
    policy = published(business, group)
    first = policy.published_version
    register.review_start(acting_user=business, policy=policy)
    approved(business, policy, group)
    version = approval.policy_publish(
        acting_user=business,
        policy=policy,
        published_on=calendar.today(),
        review_date=calendar.today() + timedelta(days=500),
    )
    assert version == first and first.approvals.count() == 2
    assert Adoption.objects.count() == 0


def test_adoption_is_confirmed_once_per_organisation_by_its_lead(business, group, agency_lead, member):
    policy = published(business, group)
    confirmed = adoption.adoption_confirm(acting_user=agency_lead, policy=policy, organisation=agency_lead.organisation)
    assert confirmed.version == policy.published_version and confirmed.confirmed_by == agency_lead
    with pytest.raises(DomainError, match="already confirmed"):
        adoption.adoption_confirm(acting_user=agency_lead, policy=policy, organisation=agency_lead.organisation)
    with pytest.raises(DomainError, match="only for an organisation you lead"):
        adoption.adoption_confirm(acting_user=member, policy=policy, organisation=agency_lead.organisation)


def test_a_draft_cannot_be_adopted(business, group, agency_lead):
    with pytest.raises(DomainError, match="in force"):
        adoption.adoption_confirm(
            acting_user=agency_lead, policy=draft(business, group), organisation=agency_lead.organisation
        )


def test_withdrawing_closes_the_consultation_and_stops_the_review_reminders(business, group, agency_lead):
    policy = published(business, group)
    register.review_start(acting_user=business, policy=policy)
    register.version_save(acting_user=business, policy=policy, change_summary="v2", upload=pdf())
    sent = consulted(business, policy, [agency_lead.organisation])
    register.policy_withdraw(acting_user=business, policy=policy, reason="Replaced by the regional procedure")
    policy.refresh_from_db()
    sent.refresh_from_db()
    assert policy.status == Policy.Status.WITHDRAWN and policy.withdrawn_on == calendar.today()
    assert not sent.is_open
    assert not Deadline.objects.for_subject(policy).live().exists()
    assert not Deadline.objects.for_subject(sent.version).live().exists()
    with pytest.raises(PermissionDenied):
        register.review_start(acting_user=business, policy=policy)


def test_withdrawal_needs_a_reason(business, group):
    with pytest.raises(DomainError, match="Enter why"):
        register.policy_withdraw(acting_user=business, policy=draft(business, group), reason="  ")


def test_a_new_lead_takes_over_the_review_reminders(business, group):
    policy = published(business, group)
    newcomer = UserFactory(name="New Lead")
    register.policy_update(acting_user=business, policy=policy, lead=newcomer)
    deadline = Deadline.objects.for_subject(policy).live().get()
    assert list(deadline.responsible_users.all()) == [newcomer]
    assert "You are now the named lead for Escalation policy" in _inbox(newcomer)


def test_every_message_names_the_record_it_is_about(business, group, agency_lead):
    sent = consulted(business, draft(business, group), [agency_lead.organisation])
    rows = notifications.sent_about(sent.version)
    assert rows.filter(recipient=agency_lead).exists()
