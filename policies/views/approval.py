"""Putting a draft on the owning group's agenda, recording the group's approval from the
minuted decision, and publishing."""

from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import calendar
from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import lifecycle, permissions, selectors
from ..forms import ApprovalForm, ApprovalRequestForm, PublishForm
from ..models import Policy
from ..services import approval as services


def _may_approve(request, policy: Policy) -> None:
    refuse_unless(permissions.can_record_approval(request.user, policy))
    refuse_unless(lifecycle.allowed(policy.status, lifecycle.APPROVE))


@require_http_methods(["GET", "POST"])
def approval_request(request, pk: int):
    policy = selectors.policy_get_for_user(request.user, pk)
    _may_approve(request, policy)
    form = ApprovalRequestForm(request.POST or None, group=policy.owner_group)
    return form_page(
        request,
        form,
        title=f"Put it on the agenda of {policy.owner_group}",
        caption=policy.title,
        intro="An item for decision is added to the meeting’s agenda and the members are told where to read the "
        "draft, the comments on it and the answers.",
        submit="Add to the agenda",
        back_url=policy.get_absolute_url(),
        on_valid=lambda data: services.approval_request(acting_user=request.user, policy=policy, **data),
        success=lambda item: f"On the agenda of the meeting on {item.meeting.date:%-d %B %Y}",
        next_url=policy,
        no_choices="There is no meeting of the group planned. Plan one first, from the group’s page.",
        has_choices=form.fields["meeting"].queryset.exists(),
        choices_url=policy.owner_group.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def approval_record(request, pk: int):
    policy = selectors.policy_get_for_user(request.user, pk)
    _may_approve(request, policy)
    decisions = selectors.decisions_for(policy)
    form = ApprovalForm(request.POST or None, decisions=decisions)
    version = selectors.version_for_approval(policy)
    return form_page(
        request,
        form,
        title="Record the group’s approval",
        caption=f"{policy.title}, version {version.number}" if version else policy.title,
        intro=f"Choose the decision {policy.owner_group} minuted. Record the decision in the meeting’s minutes "
        "first if it is not in the list.",
        submit="Record the approval",
        back_url=policy.get_absolute_url(),
        on_valid=lambda data: services.approval_record(acting_user=request.user, policy=policy, **data),
        success="Approval recorded: it can now be published",
        next_url=policy,
        no_choices=f"No decision of {policy.owner_group} in the last year is in the minutes yet.",
        has_choices=bool(decisions),
        choices_url=reverse("subgroups:meeting-list"),
    )


@require_http_methods(["GET", "POST"])
def policy_publish(request, pk: int):
    policy = selectors.policy_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_policy(request.user, policy))
    refuse_unless(policy.status == Policy.Status.APPROVED)
    today = calendar.today()
    form = PublishForm(
        request.POST or None,
        open_requests=selectors.open_change_requests(policy),
        initial={"published_on": today, "review_date": selectors.default_review_date(today)},
    )
    version = selectors.version_for_approval(policy)
    return form_page(
        request,
        form,
        title="Publish",
        caption=f"{policy.title}, version {version.number}" if version else policy.title,
        intro="It goes on the public page of policies and procedures at once, replacing any earlier version.",
        submit="Publish",
        back_url=policy.get_absolute_url(),
        on_valid=lambda data: services.policy_publish(acting_user=request.user, policy=policy, **data),
        success=lambda version: f"Version {version.number} published",
        next_url=policy,
    )
