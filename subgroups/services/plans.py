"""Action plans: drafted, submitted, approved (or returned) by the owning group's chair, worked
through with evidence, completed and signed off on evidence of impact."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from core import documents, kept, notifications
from core.models import Deadline
from core.roles import Role, has_role
from core.services import DomainError, note_history, refuse_unless, save_with_history
from core.services import deadlines as clock
from partnership.models import Organisation, User
from partnership.selectors import business_unit_people

from .. import permissions
from ..models import Action, ActionPlan, ActionUpdate, PartnershipGroup
from ..selectors.groups import chairs_of

PLAN_APPROVAL = notifications.register_kind(
    notifications.Kind(
        "plan_approval", "Action plans", "When a plan awaits your approval, or yours is approved or returned"
    )
)
ACTION_ASSIGNED = notifications.register_kind(
    notifications.Kind("action_assigned", "Actions you own", "When an action is given to you or your organisation")
)
ACTION_SIGN_OFF = notifications.register_kind(
    notifications.Kind(
        "action_sign_off",
        "Actions to sign off",
        "When an action in a plan your group owns is completed with evidence, for you to sign off",
    )
)
Status = ActionPlan.Status


@transaction.atomic
def plan_create(
    *,
    acting_user: User,
    title: str,
    owning_group: PartnershipGroup,
    kind: str = ActionPlan.Kind.PLAN,
    source: models.Model | None = None,
    organisation: Organisation | None = None,
    year: int | None = None,
    check_permission: bool = True,
) -> ActionPlan:
    """Start a draft plan. Other modules' services that start plans for their own records (a
    review's findings, an audit submission) check their own permission and pass
    check_permission=False."""
    if check_permission:
        refuse_unless(has_role(acting_user, Role.BUSINESS_UNIT) or permissions.is_chair(acting_user, owning_group))
    plan = ActionPlan(
        title=title, owning_group=owning_group, kind=kind, organisation=organisation, year=year, created_by=acting_user
    )
    if source is not None:
        plan.source_type = ContentType.objects.get_for_model(source)
        plan.source_id = source.pk
    return save_with_history(plan, acting_user=acting_user, reason="Drafted")


ACTION_FIELDS = ("description", "owner", "owner_organisation", "due_date", "priority")


@transaction.atomic
def action_add(*, acting_user: User, plan: ActionPlan, **fields: Any) -> Action:
    if not (
        permissions.can_edit_plan(acting_user, plan) or permissions.can_add_actions_to_live_plan(acting_user, plan)
    ):
        refuse_unless(False, "This plan cannot take new actions now")
    last = plan.actions.order_by("-position").first()
    action = Action(plan=plan, position=(last.position + 1) if last else 1)
    for name in ACTION_FIELDS:
        if name in fields:
            setattr(action, name, fields[name])
    save_with_history(action, acting_user=acting_user, reason="Added")
    if plan.is_live:
        _start_action(action, acting_user)
    _touch(plan)
    return action


@transaction.atomic
def action_edit(*, acting_user: User, action: Action, **fields: Any) -> Action:
    plan = action.plan
    refuse_unless(
        permissions.can_edit_plan(acting_user, plan) or permissions.can_add_actions_to_live_plan(acting_user, plan)
    )
    if action.status == Action.Status.COMPLETE:
        raise DomainError("A completed action cannot be changed")
    old_due = action.due_date
    for name in ACTION_FIELDS:
        if name in fields:
            setattr(action, name, fields[name])
    save_with_history(action, acting_user=acting_user, reason="Changed")
    deadline = Deadline.objects.latest_for(action)
    if deadline and deadline.is_live and action.due_date != old_due:
        clock.deadline_move(
            deadline=deadline, due_date=action.due_date, acting_user=acting_user, reason="The action's due date changed"
        )
    return action


@transaction.atomic
def action_remove(*, acting_user: User, action: Action) -> None:
    refuse_unless(permissions.can_edit_plan(acting_user, action.plan))
    note_history(action, acting_user=acting_user, reason="Removed from the draft")
    action.delete()


@transaction.atomic
def plan_submit(*, acting_user: User, plan: ActionPlan) -> ActionPlan:
    refuse_unless(permissions.can_edit_plan(acting_user, plan))
    if not plan.actions.exists():
        raise DomainError("Add at least one action before submitting the plan")
    plan.status = Status.SUBMITTED
    plan.submitted_at = timezone.now()
    save_with_history(plan, acting_user=acting_user, reason="Submitted for approval")
    _touch(plan)
    notifications.notify(
        chairs_of(plan.owning_group) + chairs_of(plan.owning_group, permissions.VICE_CHAIR),
        kind=PLAN_APPROVAL.key,
        title=f"Action plan awaiting your approval: {plan}",
        url=plan.get_absolute_url(),
        subject=plan,
    )
    return plan


@transaction.atomic
def plan_approve(*, acting_user: User, plan: ActionPlan) -> ActionPlan:
    """The owning group's chair approves: the plan goes live and every action's due date
    becomes a deadline on the statutory clock, escalated to the chair when overdue."""
    refuse_unless(
        permissions.can_approve_plan(acting_user, plan), "Only the chair of the group that owns the plan can approve it"
    )
    if plan.status != Status.SUBMITTED:
        raise DomainError("Only a plan submitted for approval can be approved")
    plan.status = Status.IN_PROGRESS
    plan.approved_at = timezone.now()
    plan.approved_by = acting_user
    plan.return_comments = ""
    save_with_history(plan, acting_user=acting_user, reason="Approved by the chair")
    for action in plan.actions.select_related("owner", "owner_organisation"):
        _start_action(action, acting_user)
    _touch(plan)
    notifications.notify(
        [plan.created_by],
        kind=PLAN_APPROVAL.key,
        title=f"Action plan approved: {plan}",
        url=plan.get_absolute_url(),
        subject=plan,
    )
    return plan


@transaction.atomic
def action_log_agree(*, acting_user: User, plan: ActionPlan, reason: str) -> ActionPlan:
    """A meeting's action log is agreed when the meeting's minutes are approved: its actions go
    on their owners' deadlines and "My work" with no separate approval. (The caller, approving
    the minutes, has checked who may.)"""
    if plan.kind != ActionPlan.Kind.ACTION_LOG:
        raise DomainError("Only a meeting's action log is agreed with its minutes")
    if plan.status not in (Status.DRAFT, Status.SUBMITTED, Status.RETURNED):
        return plan
    if not plan.actions.exists():
        return plan
    plan.status = Status.IN_PROGRESS
    plan.approved_at = timezone.now()
    plan.approved_by = acting_user
    plan.return_comments = ""
    save_with_history(plan, acting_user=acting_user, reason=f"Agreed: {reason}")
    for action in plan.actions.select_related("owner", "owner_organisation"):
        _start_action(action, acting_user)
    _touch(plan)
    return plan


@transaction.atomic
def plan_return(*, acting_user: User, plan: ActionPlan, comments: str) -> ActionPlan:
    refuse_unless(
        permissions.can_approve_plan(acting_user, plan), "Only the chair of the group that owns the plan can return it"
    )
    if plan.status != Status.SUBMITTED:
        raise DomainError("Only a plan submitted for approval can be returned")
    if not comments.strip():
        raise DomainError("Enter your comments for the plan’s authors")
    plan.status = Status.RETURNED
    plan.return_comments = comments
    save_with_history(plan, acting_user=acting_user, reason=f"Returned: {comments}")
    notifications.notify(
        [plan.created_by],
        kind=PLAN_APPROVAL.key,
        title=f"Action plan returned: {plan}",
        body=comments,
        url=plan.get_absolute_url(),
        subject=plan,
    )
    return plan


def _start_action(action: Action, acting_user: User) -> None:
    plan = action.plan
    clock.deadline_create(
        subject=action,
        rule_key="action",
        start=timezone.localdate(),
        due_date=action.due_date,
        title=f"Action due ({plan.owning_group}): {action.description[:120]}",
        responsible_users=[owner for owner in [action.owner] if owner] if action.owner_id else [],
        responsible_organisation=action.owner_organisation,
        escalation_users=chairs_of(plan.owning_group),
        acting_user=acting_user,
        reason="Plan approved",
    )
    recipients = [action.owner] if action.owner_id else []
    notifications.notify(
        recipients,
        kind=ACTION_ASSIGNED.key,
        title=f"Action for you: {action.description[:150]}",
        body=f"Due {action.due_date:%-d %B %Y}, in “{plan}”.",
        url=action.get_absolute_url(),
        subject=action,
    )


@transaction.atomic
def action_update(
    *, acting_user: User, action: Action, text: str, status: str, evidence: UploadedFile | None = None
) -> ActionUpdate:
    """Progress on a live plan's action, with optional evidence (text and a file)."""
    refuse_unless(permissions.can_update_action(acting_user, action))
    if not action.plan.is_live:
        raise DomainError("Actions are updated once the plan is approved and until it is completed")
    if action.status == Action.Status.COMPLETE:
        raise DomainError("This action is complete")
    update = ActionUpdate(action=action, author=acting_user, text=text, status_after=status)
    if evidence is not None:
        update.evidence = documents.store(
            upload=evidence, subject=action, uploaded_by=acting_user, title=f"Evidence for: {action.description[:100]}"
        )
    update.save()
    action.status = status
    action.last_update_at = update.created_at
    if status == Action.Status.COMPLETE:
        action.completed_at = timezone.now()
    save_with_history(action, acting_user=acting_user, reason=f"Updated: {action.get_status_display()}")
    deadline = Deadline.objects.latest_for(action)
    if status == Action.Status.COMPLETE and deadline and deadline.is_live:
        clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason="Action completed")
    if status == Action.Status.COMPLETE:
        _tell_chairs_action_complete(action, update, acting_user)
    _touch(action.plan)
    return update


def _tell_chairs_action_complete(action: Action, update: ActionUpdate, acting_user: User) -> None:
    """The hand-off to the chair: the action is done, here is the evidence, sign it off."""
    plan = action.plan
    evidence = " An evidence file is attached." if update.evidence_id else ""
    notifications.notify(
        [
            c
            for c in chairs_of(plan.owning_group) + chairs_of(plan.owning_group, permissions.VICE_CHAIR)
            if c.pk != acting_user.pk
        ],
        kind=ACTION_SIGN_OFF.key,
        title=f"Action completed, for your sign-off: {action.description[:120]}",
        body=f"{acting_user} marked it complete in “{plan}”: {update.text[:500]}{evidence}",
        url=action.get_absolute_url(),
        subject=action,
    )


@transaction.atomic
def action_sign_off(*, acting_user: User, action: Action, impact_statement: str) -> Action:
    refuse_unless(
        permissions.can_approve_plan(acting_user, action.plan), "Only the owning group’s chair signs actions off"
    )
    if action.status != Action.Status.COMPLETE:
        raise DomainError("Only a completed action can be signed off")
    if action.signed_off_at:
        raise DomainError("This action is already signed off")
    if not impact_statement.strip():
        raise DomainError("Enter the evidence of impact")
    action.signed_off_at = timezone.now()
    action.signed_off_by = acting_user
    action.impact_statement = impact_statement
    save_with_history(action, acting_user=acting_user, reason="Signed off on impact")
    _touch(action.plan)
    return action


@transaction.atomic
def plan_complete(*, acting_user: User, plan: ActionPlan) -> ActionPlan:
    refuse_unless(has_role(acting_user, Role.BUSINESS_UNIT) or permissions.is_chair(acting_user, plan.owning_group))
    if plan.status != Status.IN_PROGRESS:
        raise DomainError("Only a plan in progress can be completed")
    open_actions = plan.actions.exclude(status=Action.Status.COMPLETE).count()
    if open_actions:
        raise DomainError(f"{open_actions} action{'s are' if open_actions != 1 else ' is'} not complete yet")
    plan.status = Status.COMPLETED
    save_with_history(plan, acting_user=acting_user, reason="Completed")
    # Sign-off on impact is a step of its own, with its own deadline and reminders: impact is
    # judged after the work is done, by the chair, not assumed from completion.
    chairs = chairs_of(plan.owning_group) + chairs_of(plan.owning_group, permissions.VICE_CHAIR)
    clock.deadline_create(
        subject=plan,
        rule_key="plan_sign_off",
        start=timezone.localdate(),
        title=f"Sign off on impact ({plan.owning_group}): {plan.title[:150]}",
        responsible_users=chairs,
        escalation_users=business_unit_people(),
        acting_user=acting_user,
        reason="Plan completed",
    )
    notifications.notify(
        chairs,
        kind=PLAN_APPROVAL.key,
        title=f"Action plan complete, for your sign-off on impact: {plan}",
        body="Every action is complete. Sign the plan off when you have evidence of its impact.",
        url=plan.get_absolute_url(),
        subject=plan,
    )
    return plan


@transaction.atomic
def plan_sign_off(*, acting_user: User, plan: ActionPlan, impact_statement: str) -> ActionPlan:
    """The chair signs the plan off on evidence of impact, not on completion alone."""
    refuse_unless(
        permissions.can_approve_plan(acting_user, plan),
        "Only the chair of the group that owns the plan can sign it off",
    )
    if plan.status != Status.COMPLETED:
        raise DomainError("Only a completed plan can be signed off")
    if not impact_statement.strip():
        raise DomainError("Enter the evidence of impact: if this situation arose now, what would be different?")
    plan.status = Status.SIGNED_OFF
    plan.impact_statement = impact_statement
    plan.signed_off_at = timezone.now()
    plan.signed_off_by = acting_user
    save_with_history(plan, acting_user=acting_user, reason="Signed off on impact")
    close_plan_deadlines(plan, acting_user=acting_user, reason="Signed off on impact", met=True)
    return plan


def close_plan_deadlines(plan: ActionPlan, *, acting_user: User, reason: str, met: bool = False) -> None:
    """Finished work stops generating reminders: the plan's own live deadlines (sign-off on
    impact) are met or cancelled with the reason."""
    for deadline in Deadline.objects.for_subject(plan).filter(
        status__in=(*Deadline.LIVE_STATUSES, Deadline.Status.PAUSED)
    ):
        if met and deadline.status != Deadline.Status.PAUSED:
            clock.deadline_meet(deadline=deadline, acting_user=acting_user, reason=reason)
        else:
            clock.deadline_cancel(deadline=deadline, acting_user=acting_user, reason=reason)


def _touch(plan: ActionPlan) -> None:
    ActionPlan.objects.filter(pk=plan.pk).update(last_activity_at=timezone.now())
    kept.changed(ActionPlan)
