"""Permission-scoped reads for groups, meetings, papers, plans and risks. Each page's queries
are fixed in number whatever the data size: related rows come by select_related or one
prefetch per relation."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from core.models import Deadline

from .. import permissions
from ..models import (
    Action,
    ActionPlan,
    ActionUpdate,
    AgendaItem,
    Attendance,
    ForwardPlanItem,
    GroupUserObjectPermission,
    Meeting,
    Membership,
    MinuteEntry,
    Paper,
    PartnershipGroup,
    Risk,
)

# Groups ------------------------------------------------------------------------------------------


def group_list_for_user(user):
    if not permissions.can_view_groups(user):
        raise PermissionDenied
    return (
        permissions.groups_visible_to(user)
        .select_related("reports_to")
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        .order_by("status", "name")
    )


@dataclass
class StructureNode:
    group: PartnershipGroup
    children: list = field(default_factory=list)


def structure_for_user(user) -> list[StructureNode]:
    """The governance chain as a tree, from the groups that report to nobody downwards."""
    groups = list(group_list_for_user(user).filter(status=PartnershipGroup.Status.ACTIVE))
    nodes = {g.pk: StructureNode(g) for g in groups}
    roots = []
    for group in groups:
        parent = nodes.get(group.reports_to_id)
        (parent.children if parent else roots).append(nodes[group.pk])
    order = list(PartnershipGroup.Kind)
    for node in nodes.values():
        node.children.sort(key=lambda n: (order.index(n.group.kind), n.group.name))
    roots.sort(key=lambda n: (order.index(n.group.kind), n.group.name))
    return roots


def group_get_for_user(user, pk: int) -> PartnershipGroup:
    if not permissions.can_view_groups(user):
        raise Http404("No such group")
    group = PartnershipGroup.objects.select_related("reports_to").filter(pk=pk).first()
    if group is None:
        raise Http404("No such group")
    return group


def group_roles(group: PartnershipGroup) -> dict[int, str]:
    """{user id: "Chair" or "Vice-chair"} for the group, in one query."""
    labels = {permissions.CHAIR: "Chair", permissions.VICE_CHAIR: "Vice-chair"}
    return {
        row["user_id"]: labels[row["permission__codename"]]
        for row in GroupUserObjectPermission.objects.filter(
            content_object=group, permission__codename__in=list(labels)
        ).values("user_id", "permission__codename")
    }


def group_members(group: PartnershipGroup) -> list[Membership]:
    """The current members, each with their role in the group ("Chair", "Vice-chair" or ""),
    in one query."""
    labels = {permissions.CHAIR: "Chair", permissions.VICE_CHAIR: "Vice-chair"}
    role = GroupUserObjectPermission.objects.filter(
        content_object=group, user=OuterRef("person_id"), permission__codename__in=list(labels)
    ).order_by("permission__codename")
    members: list[Any] = list(
        group.memberships.filter(left_on__isnull=True)
        .select_related("person", "organisation", "deputy")
        .annotate(role_codename=Subquery(role.values("permission__codename")[:1]))
        .order_by("person__name")
    )
    for membership in members:
        membership.group_role = labels.get(membership.role_codename, "")
    return members


# Meetings ------------------------------------------------------------------------------------------


def meeting_list_for_user(user, *, upcoming: bool, group_id: int | None = None):
    if not permissions.can_view_groups(user):
        raise PermissionDenied
    meetings = permissions.meetings_visible_to(user).select_related("group")
    if group_id:
        meetings = meetings.filter(group_id=group_id)
    today = timezone.localdate()
    if upcoming:
        return meetings.filter(date__gte=today).order_by("date", "start_time")
    return meetings.filter(date__lt=today).order_by("-date", "-start_time")


def meeting_get_for_user(user, pk: int) -> Meeting:
    meeting = (
        permissions.meetings_visible_to(user)
        .select_related("group", "pack", "minutes_approved_at")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


def meeting_items(meeting: Meeting) -> list[AgendaItem]:
    """The agenda items with their papers (each with the due date of its deadline) and minute
    entries: three queries."""
    paper_deadlines = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Paper), object_id=OuterRef("pk")
    ).order_by("-pk")
    papers = (
        Paper.objects.select_related("owner", "document", "previously_presented_at__group")
        .annotate(due_date=Subquery(paper_deadlines.values("due_date")[:1]))
        .order_by("pk")
    )
    return list(
        meeting.items.select_related("presenter", "priority", "forward_plan_item").prefetch_related(
            Prefetch("papers", queryset=papers),
            Prefetch("entries", queryset=MinuteEntry.objects.select_related("raised_by", "ratified_at")),
        )
    )


def supplementary_packs(meeting: Meeting) -> list:
    from core.models import Document

    return list(
        Document.objects.filter(
            subject_type=ContentType.objects.get_for_model(Meeting),
            subject_id=meeting.pk,
            title__startswith="Supplementary pack",
        ).order_by("uploaded_at", "pk")
    )


def meeting_attendance(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("person", "organisation", "deputy_for", "item"))


def meeting_action_log(meeting: Meeting) -> ActionPlan | None:
    return (
        ActionPlan.objects.filter(
            kind=ActionPlan.Kind.ACTION_LOG,
            source_type__model="meeting",
            source_type__app_label="subgroups",
            source_id=meeting.pk,
        )
        .select_related("owning_group")
        .first()
    )


def pending_ratifications(meeting: Meeting) -> list[MinuteEntry]:
    """Decisions of earlier non-quorate meetings of this group still to be ratified."""
    return list(
        MinuteEntry.objects.filter(
            meeting__group=meeting.group,
            meeting__date__lt=meeting.date,
            needs_ratification=True,
            ratified_at__isnull=True,
        ).select_related("meeting")
    )


def minutes_to_approve(meeting: Meeting) -> list[Meeting]:
    """Earlier meetings of the group whose draft minutes this meeting can approve."""
    return list(
        Meeting.objects.filter(
            group=meeting.group, date__lt=meeting.date, status=Meeting.Status.MINUTES_DRAFT
        ).order_by("date")
    )


def paper_get_for_user(user, pk: int) -> Paper:
    paper = (
        permissions.papers_visible_to(user)
        .select_related("item__meeting__group", "owner", "document", "previously_presented_at__group")
        .filter(pk=pk)
        .first()
    )
    if paper is None:
        raise Http404("No such paper")
    return paper


def pack_items(meeting: Meeting) -> tuple[list[AgendaItem], list[AgendaItem]]:
    """The agenda, and the items moved to the business manager's summary."""
    items = meeting_items(meeting)
    return [i for i in items if not i.in_business_summary], [i for i in items if i.in_business_summary]


# Action plans ------------------------------------------------------------------------------------


def plan_list_for_user(user, *, group_id: int | None = None, status: str = "", kind: str = "", stuck: bool = False):
    plans = permissions.plans_visible_to(user)
    if group_id:
        plans = plans.filter(owning_group_id=group_id)
    if status:
        plans = plans.filter(status=status)
    if kind:
        plans = plans.filter(kind=kind)
    if stuck:
        plans = stuck_plans(plans)
    # Counted by a subquery per plan rather than a join and GROUP BY over every visible plan's
    # actions: PostgreSQL counts the actions of the page's 25 rows only, and the page count
    # leaves the annotations out.
    today = timezone.localdate()
    actions = Action.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
    overdue = actions.filter(due_date__lt=today).exclude(status=Action.Status.COMPLETE)
    return (
        plans.select_related("owning_group", "organisation")
        .annotate(
            action_count=Coalesce(Subquery(actions.annotate(n=Count("pk")).values("n")), 0),
            overdue_count=Coalesce(Subquery(overdue.annotate(n=Count("pk")).values("n")), 0),
        )
        .order_by("-last_activity_at", "-pk")
    )


def stuck_plans(plans, weeks: int = 6):
    """Approved plans with no update for `weeks`, or with an overdue action."""
    today = timezone.localdate()
    overdue = Action.objects.filter(plan=OuterRef("pk"), due_date__lt=today).exclude(status=Action.Status.COMPLETE)
    return plans.filter(status=ActionPlan.Status.IN_PROGRESS).filter(
        Q(last_activity_at__lt=stuck_cutoff(weeks)) | Exists(overdue)
    )


def plan_get_for_user(user, pk: int) -> ActionPlan:
    plan = (
        permissions.plans_visible_to(user)
        .select_related("owning_group", "organisation", "created_by", "approved_by", "signed_off_by")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404("No such action plan")
    return plan


def plan_source(plan: ActionPlan):
    """What the plan answers (another app's record), with the records its name is made of (an
    audit return's organisation and cycle), in one query rather than one for each."""
    if plan.source_type_id is None or plan.source_id is None:
        return None
    model = ContentType.objects.get_for_id(plan.source_type_id).model_class()
    if model is None:
        return None
    return model._default_manager.select_related().filter(pk=plan.source_id).first()


def _with_status(actions, today: date) -> list[Action]:
    actions = list(actions)
    for action in actions:
        action.status_label, action.status_colour = action.display_status(today)
    return actions


def plan_actions(plan: ActionPlan, today: date) -> list[Action]:
    """The plan's actions with their status and the date and text of each one's latest update,
    in one query."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-created_at", "-pk")
    return _with_status(
        plan.actions.select_related("owner", "owner_organisation", "priority", "signed_off_by").annotate(
            latest_update_at=Subquery(latest.values("created_at")[:1]),
            latest_update_text=Subquery(latest.values("text")[:1]),
        ),
        today,
    )


def action_get_for_user(user, pk: int) -> Action:
    action = (
        Action.objects.filter(pk=pk, plan__in=permissions.plans_visible_to(user))
        .select_related("plan__owning_group", "owner", "owner_organisation", "priority", "signed_off_by")
        .first()
    )
    if action is None:
        raise Http404("No such action")
    return action


@dataclass
class PriorityProgress:
    priority: object
    counts: dict
    actions: list


def workplan_report(plan: ActionPlan, quarter_start: date, quarter_end: date, today: date) -> dict:
    """A workplan's progress for a quarter, by strategic priority (the golden thread)."""
    actions = _with_status(
        plan.actions.select_related("owner", "owner_organisation", "priority", "signed_off_by").prefetch_related(
            Prefetch("updates", queryset=ActionUpdate.objects.select_related("author", "evidence"))
        ),
        today,
    )
    by_priority = defaultdict(list)
    for action in actions:
        by_priority[action.priority].append(action)
    progress = []
    for priority, rows in sorted(by_priority.items(), key=lambda pair: (pair[0] is None, str(pair[0] or ""))):
        counts = defaultdict(int)
        for action in rows:
            counts[action.status_label] += 1
        progress.append(PriorityProgress(priority=priority, counts=dict(counts), actions=rows))
    updates = [
        update
        for action in actions
        for update in action.updates.all()
        if quarter_start <= timezone.localdate(update.created_at) <= quarter_end
    ]
    return {
        "progress": progress,
        "updates": sorted(updates, key=lambda u: u.created_at),
        "total": len(actions),
        "complete": sum(1 for a in actions if a.status == Action.Status.COMPLETE),
        "overdue": [a for a in actions if a.is_overdue(today)],
    }


# Risks -------------------------------------------------------------------------------------------


def risk_register(user, group: PartnershipGroup):
    if not permissions.can_view_group_business(user, group):
        raise Http404("No such register")
    return group.risks.filter(status=Risk.Status.OPEN).select_related("owner").order_by("-score", "title")


def executive_register(user):
    """The Executive's own risks and every risk escalated from another group's register."""
    executive = PartnershipGroup.objects.filter(kind=PartnershipGroup.Kind.EXECUTIVE).order_by("pk").first()
    if executive is None:
        raise Http404("There is no Executive group")
    if not permissions.can_view_group_business(user, executive):
        raise Http404("No such register")
    risks = (
        Risk.objects.filter(status=Risk.Status.OPEN)
        .filter(Q(group=executive) | Q(escalated=True))
        .select_related("owner", "group")
        .order_by("-score", "title")
    )
    return executive, risks


def risk_get_for_user(user, pk: int) -> Risk:
    risk = permissions.risks_visible_to(user).select_related("group", "owner").filter(pk=pk).first()
    if risk is None:
        raise Http404("No such risk")
    return risk


def forward_plan(group: PartnershipGroup):
    return list(
        ForwardPlanItem.objects.filter(group=group)
        .select_related("planned_meeting", "lead", "agenda_item__meeting")
        .order_by("planned_meeting__date", "planned_month", "pk")
    )


# My work -----------------------------------------------------------------------------------------


def my_actions(user, today: date):
    actions = list(
        Action.objects.filter(owner=user, plan__status=ActionPlan.Status.IN_PROGRESS)
        .exclude(status=Action.Status.COMPLETE)
        .select_related("plan__owning_group")
        .order_by("due_date")[:10]
    )
    for action in actions:
        action.status_label, action.status_colour = action.display_status(today)
    return actions


def plans_awaiting_approval(user):
    chaired = permissions.chaired_group_ids(user)
    if not chaired:
        return []
    return list(
        ActionPlan.objects.filter(owning_group_id__in=chaired, status=ActionPlan.Status.SUBMITTED)
        .select_related("owning_group")
        .order_by("submitted_at")
    )


def actions_awaiting_sign_off(user, limit: int = 10):
    """Completed actions in plans of the groups the person chairs, not yet signed off, with
    the update that completed them (who evidenced it and when)."""
    chaired = permissions.chaired_group_ids(user)
    if not chaired:
        return []
    actions = list(
        Action.objects.filter(
            plan__owning_group_id__in=chaired, status=Action.Status.COMPLETE, signed_off_at__isnull=True
        )
        .select_related("plan__owning_group", "owner", "owner_organisation")
        .order_by("completed_at", "pk")[:limit]
    )
    latest = {}
    for update in ActionUpdate.objects.filter(
        action_id__in=[a.pk for a in actions], status_after=Action.Status.COMPLETE
    ).select_related("author", "evidence"):
        latest.setdefault(update.action_id, update)
    for action in actions:
        action.completing_update = latest.get(action.pk)
    return actions


def plans_awaiting_sign_off(user):
    chaired = permissions.chaired_group_ids(user)
    if not chaired:
        return []
    return list(
        ActionPlan.objects.filter(owning_group_id__in=chaired, status=ActionPlan.Status.COMPLETED)
        .select_related("owning_group")
        .order_by("last_activity_at")[:10]
    )


def papers_owed(user):
    papers = list(
        Paper.objects.filter(owner=user, document__isnull=True, item__meeting__date__gte=timezone.localdate())
        .select_related("item__meeting__group")
        .order_by("item__meeting__date")
    )
    due = dict(
        Deadline.objects.filter(
            content_type__app_label="subgroups", content_type__model="paper", object_id__in=[p.pk for p in papers]
        ).values_list("object_id", "due_date")
    )
    for paper in papers:
        paper.due_date = due.get(paper.pk)
    return papers


def upcoming_meetings(user, limit: int = 5):
    member_of = permissions.member_group_ids(user)
    if not member_of:
        return []
    return list(
        Meeting.objects.filter(group_id__in=member_of, date__gte=timezone.localdate())
        .select_related("group")
        .order_by("date", "start_time")[:limit]
    )


def stuck_cutoff(weeks: int = 6):
    return timezone.now() - timedelta(weeks=weeks)
