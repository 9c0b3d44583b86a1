"""Demo data: the Northbridge partnership's register of 26 policies, procedures, protocols and
guidance, in every status. Some are links to the fictional Eastvale and Northbridge regional
child protection procedures manual; some are out for comments (with comments from agencies'
leads, some answered); some are under review with a new version drafted; some wait on learning
from reviews and challenges; published ones have agencies' adoption confirmations.

Everything goes through the services (history, deadlines and messages are real), approvals
come from decisions minuted at an extraordinary meeting of each owning group a fortnight ago
(every member present, so it is quorate); only the dates of earlier publications are moved back
afterwards, as the audits demo does. Everything is
fictional.
"""

from datetime import time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from core import learning_sources
from core.models import Deadline
from core.reminders import mark_missed
from partnership.permissions import contacts_for_organisations
from subgroups.models import AgendaItem, Meeting, MinuteEntry
from subgroups.services import meetings as meeting_services

from .. import permissions, selectors
from ..models import Approval, Policy, PolicyVersion
from ..services import adoption, approval, consultation, learning, register
from .documents import ANSWERS, COMMENTS, DOCUMENTS, MANUAL, SUMMARIES

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _pdf(title: str, number: int) -> SimpleUploadedFile:
    name = f"{title[:50].lower().replace(' ', '-').replace(':', '')}-v{number}.pdf"
    return SimpleUploadedFile(name, PDF + f"%{title} {number}\n".encode(), content_type="application/pdf")


class _Register:
    def __init__(self, demo):
        self.demo = demo
        self.today = demo.today
        users = demo.made["users"]
        self.business = users["business@example.org"]
        self.people = {
            "business": self.business,
            "chair": users["chair@example.org"],
            "member": users["member@example.org"],
        }
        self.groups = demo.made["groups"]
        self.agency_org = users["agency@example.org"].organisation
        expected = list(permissions.adoption_organisations().order_by("pk").values_list("pk", flat=True))
        self.leads = contacts_for_organisations(expected)
        self.organisations = {o.pk: o for o in permissions.adoption_organisations()}
        self.meetings: dict[int, tuple | None] = {}

    # Building blocks ----------------------------------------------------------------------------

    def create(self, title, kind, group_name, lead, link) -> Policy:
        return register.policy_create(
            acting_user=self.business,
            title=title,
            kind=kind,
            summary=SUMMARIES[kind],
            owner_group=self.groups[group_name],
            lead=self.people[lead],
            upload=None if link else _pdf(title, 1),
            external_url=f"{MANUAL}{link}" if link else "",
        )

    def approval_meeting(self, group) -> tuple[Meeting, object] | None:
        """An extraordinary meeting of the group a fortnight ago, every member present, with an
        item for the policies it approves (made once per group)."""
        if group.pk not in self.meetings:
            day = self.today - timedelta(days=14)
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            meeting = meeting_services.meeting_create(
                acting_user=self.business,
                group=group,
                date=day,
                start_time=time(14),
                end_time=time(15),
                location="Northbridge Civic Centre, Room 2",
            )
            item = meeting_services.agenda_item_add(
                acting_user=self.business,
                meeting=meeting,
                title="Policies and procedures for approval",
                kind=AgendaItem.Kind.DECISION,
            )
            members = group.memberships.filter(left_on__isnull=True).select_related("person")
            verdict = meeting_services.attendance_save(
                acting_user=self.business,
                meeting=meeting,
                rows=[{"person": m.person, "status": "present"} for m in members],
            )
            self.meetings[group.pk] = (meeting, item) if verdict.quorate else None
        return self.meetings[group.pk]

    def decision(self, policy: Policy) -> MinuteEntry | None:
        """A decision minuted at the owning group's extraordinary meeting for approvals."""
        found = self.approval_meeting(policy.owner_group)
        if found is None:
            return None
        meeting, item = found
        number = (selectors.draft_version(policy) or policy.published_version).number
        return meeting_services.entry_add(
            acting_user=self.business,
            meeting=meeting,
            item=item,
            kind=MinuteEntry.Kind.DECISION,
            text=f"The group approved “{policy.title}”, version {number}, for publication.",
        )

    def approve(self, policy: Policy) -> bool:
        entry = self.decision(policy)
        if entry is None:
            return False
        approval.approval_record(acting_user=self.business, policy=policy, decision=entry)
        policy.refresh_from_db()
        return True

    def publish(self, policy: Policy, *, review_in_days: int, answers=()) -> PolicyVersion | None:
        if not self.approve(policy):
            return None
        approved_on = policy.versions.order_by("-number").first().approvals.first().approved_on
        published_on = min(approved_on + timedelta(days=7), self.today)
        version = approval.policy_publish(
            acting_user=self.business,
            policy=policy,
            published_on=published_on,
            review_date=max(self.today + timedelta(days=review_in_days), published_on + timedelta(days=1)),
            answers=answers,
        )
        policy.refresh_from_db()
        return version

    def move_back(self, version: PolicyVersion, days: int) -> None:
        """An earlier publication, and its approval, happened `days` before they were recorded."""
        PolicyVersion.objects.filter(pk=version.pk).update(published_on=version.published_on - timedelta(days=days))
        for row in Approval.objects.filter(version=version):
            Approval.objects.filter(pk=row.pk).update(approved_on=row.approved_on - timedelta(days=days))

    def consult(self, policy: Policy, *, comments: int, answered: int, days_left: int = 14):
        chosen = [self.agency_org.pk] + [pk for pk in self.organisations if pk != self.agency_org.pk][:7]
        sent = consultation.consultation_open(
            acting_user=self.business,
            policy=policy,
            organisations=[self.organisations[pk] for pk in chosen if pk in self.organisations],
            closes_on=self.today + timedelta(days=days_left),
            question="Is it clear what your staff should do, and is anything missing?",
        )
        # The demo agency's own lead is left to answer, so the agency lead has something to do.
        others = [pk for pk in chosen if pk != self.agency_org.pk and self.leads.get(pk)]
        for index, pk in enumerate(others[:comments]):
            section, text = COMMENTS[(index + policy.pk) % len(COMMENTS)]
            comment = consultation.comment_add(
                acting_user=self.leads[pk][0],
                consultation=sent,
                organisation=self.organisations[pk],
                text=text,
                section=section,
            )
            if index < answered:
                outcome, response = ANSWERS[index % len(ANSWERS)]
                consultation.comment_answer(
                    acting_user=policy.lead, comment=comment, response=response, outcome=outcome
                )
        if len(others) > comments:
            pk = others[comments]
            consultation.no_comments_record(
                acting_user=self.leads[pk][0], consultation=sent, organisation=self.organisations[pk]
            )
        return sent

    def adopt(self, policy: Policy, share: float) -> int:
        """Leads of `share` of the organisations confirm adoption (never the demo agency's, so
        its lead has procedures to confirm)."""
        made = 0
        for pk, leads in self.leads.items():
            if pk == self.agency_org.pk or (pk * 7 + policy.pk) % 100 >= share * 100:
                continue
            adoption.adoption_confirm(acting_user=leads[0], policy=policy, organisation=self.organisations[pk])
            made += 1
        return made

    def link_learning(self, policy: Policy, key: str, index: int, text: str):
        source = learning_sources.source(key)
        if source is None:
            return None
        records = list(source.visible_to(self.business).order_by("pk")[index : index + 1])
        if not records:
            return None
        return learning.change_request_add(
            acting_user=self.business,
            policy=policy,
            source_key=key,
            source_id=records[0].pk,
            what_should_change=text,
        )

    def new_version(self, policy: Policy, summary: str, link: str | None = None):
        register.review_start(acting_user=self.business, policy=policy, reason="Due for its review")
        number = policy.published_version.number + 1
        register.version_save(
            acting_user=self.business,
            policy=policy,
            change_summary=summary,
            upload=None if link else _pdf(policy.title, number),
            external_url=f"{MANUAL}{link}?v={number}" if link else "",
        )

    # Scenarios ----------------------------------------------------------------------------------

    def build(self, title, kind, group_name, lead, scenario, link) -> Policy:
        policy = self.create(title, kind, group_name, lead, link)
        getattr(self, scenario)(policy, link)
        return policy

    def draft(self, policy, link):
        register.version_save(
            acting_user=policy.lead,
            policy=policy,
            change_summary="First draft, written with the group’s task-and-finish members.",
            upload=None if link else _pdf(policy.title, 1),
            external_url=f"{MANUAL}{link}" if link else "",
        )

    def consultation(self, policy, link):
        self.consult(policy, comments=3, answered=1)

    def consultation_closed(self, policy, link):
        sent = self.consult(policy, comments=2, answered=2, days_left=3)
        consultation.consultation_close(acting_user=self.business, consultation=sent)

    def awaiting_approval(self, policy, link):
        """Comments answered, consultation closed, on the agenda of the group's next meeting."""
        self.consultation_closed(policy, link)
        self.link_learning(
            policy, "reviews.finding", 0, "Say plainly that babies sleep on their backs, in their own cot."
        )
        meeting = (
            Meeting.objects.filter(group=policy.owner_group, date__gte=self.today)
            .filter(status__in=[Meeting.Status.PLANNED, Meeting.Status.PAPERS_CIRCULATED])
            .order_by("date")
            .first()
        )
        if meeting is not None:
            approval.approval_request(acting_user=self.business, policy=policy, meeting=meeting)

    def approved(self, policy, link):
        self.consultation_closed(policy, link)
        self.approve(policy)

    def published(self, policy, link):
        if self.publish(policy, review_in_days=400 + policy.pk * 11 % 300):
            # Published over the past year and a half, not all in one week.
            self.move_back(policy.published_version, 20 + policy.pk * 53 % 500)
            self.adopt(policy, 0.6)

    def review_due(self, policy, link):
        if self.publish(policy, review_in_days=20 + policy.pk % 40):
            self.move_back(policy.published_version, 700)
            self.adopt(policy, 0.7)

    def review_overdue(self, policy, link):
        if self.publish(policy, review_in_days=-25):
            self.move_back(policy.published_version, 730)
            self.adopt(policy, 0.8)
            self.link_learning(policy, "audits.caseaudit", 0, "Add the graded care profile to the neglect pathway.")

    def published_twice(self, policy, link):
        first = self.publish(policy, review_in_days=300)
        if first is None:
            return
        self.adopt(policy, 0.8)
        waiting = self.link_learning(
            policy, "scrutiny.challenge", 0, "Make the route to the partnership’s escalation clear at every stage."
        )
        self.new_version(policy, "Updated after the learning from a challenge: clearer escalation route.", link)
        second = self.publish(policy, review_in_days=600, answers=[waiting] if waiting else [])
        if second is not None:
            self.move_back(first, 400)
            self.adopt(policy, 0.4)

    def under_review(self, policy, link):
        if self.publish(policy, review_in_days=45):
            self.move_back(policy.published_version, 680)
            self.adopt(policy, 0.5)
            self.new_version(policy, "Rewritten around the four questions of professional curiosity.", link)

    def review_in_consultation(self, policy, link):
        if self.publish(policy, review_in_days=30):
            self.move_back(policy.published_version, 690)
            self.adopt(policy, 0.6)
            self.link_learning(policy, "scrutiny.challenge", 1, "Add a stage for disagreements about thresholds.")
            self.new_version(policy, "Adds a fifth stage and the independent scrutineer’s role in mediation.", link)
            self.consult(policy, comments=4, answered=2)

    def withdrawn(self, policy, link):
        if self.publish(policy, review_in_days=200):
            self.move_back(policy.published_version, 900)
            register.policy_withdraw(
                acting_user=self.business,
                policy=policy,
                reason="Replaced by the thresholds of need guidance, which now covers early help.",
            )


def seed(demo) -> None:
    builder = _Register(demo)
    made = [builder.build(*row) for row in DOCUMENTS]
    # Deadlines set in the past (the overdue review) are missed, as the sweep would mark them.
    mark_missed(demo.today)
    statuses = {}
    for policy in Policy.objects.filter(pk__in=[p.pk for p in made]):
        statuses[policy.get_status_display()] = statuses.get(policy.get_status_display(), 0) + 1
    reviews = Deadline.objects.filter(rule__key="policy_review").live().count()
    demo.say(
        f"{len(made)} policies and procedures ("
        + ", ".join(f"{n} {label.lower()}" for label, n in sorted(statuses.items()))
        + f"), {reviews} review deadlines"
    )
