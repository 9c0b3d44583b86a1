"""The register: the list, a document's page, adding and changing documents and drafts,
starting a review and withdrawing."""

import copy

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import calendar
from core.forms.reason import ReasonForm
from core.history import render_history
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import lifecycle, permissions, selectors
from ..forms import PolicyCreateForm, PolicyForm, VersionForm
from ..models import Policy
from ..services import register as services


def _int(value) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def policy_list(request):
    refuse_unless(permissions.can_use_policies(request.user))
    status = request.GET.get("status", "")
    status = status if status in Policy.Status.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in Policy.Kind.values else ""
    group_id = _int(request.GET.get("group", ""))
    due = request.GET.get("due") == "1"
    policies = selectors.policy_list_for_user(
        request.user, status=status, kind=kind, group_id=group_id, due=due, today=calendar.today()
    )
    return render(
        request,
        "policies/policy_list.html",
        {
            "page": paginate(request, policies),
            "filters": {"status": status, "kind": kind, "group": group_id, "due": due},
            "filtered": bool(status or kind or group_id or due),
            "statuses": Policy.Status.choices,
            "kinds": Policy.Kind.choices,
            "groups": selectors.active_groups(),
            "status_summary": _status_summary(selectors.status_counts(request.user)),
            "can_create": permissions.can_create_policy(request.user),
        },
    )


def _status_summary(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(value, label, counts[value]) for value, label in Policy.Status.choices if counts.get(value)]


@require_http_methods(["GET", "POST"])
def policy_create(request):
    refuse_unless(permissions.can_create_policy(request.user))
    form = PolicyCreateForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        title="Add a policy or procedure",
        intro="It starts as a draft. Nothing is public until the owning group has approved it and it is published.",
        submit="Add to the register",
        back_url=reverse("policies:policy-list"),
        on_valid=lambda data: services.policy_create(
            acting_user=request.user,
            title=data["title"],
            kind=data["kind"],
            summary=data["summary"],
            owner_group=data["owner_group"],
            lead=data["lead"],
            change_summary=data["change_summary"],
            upload=data["file"],
            external_url=data["external_url"],
        ),
        success=lambda policy: f"“{policy}” added to the register as a draft",
        next_url=lambda policy: policy,
    )


def policy_detail(request, pk: int):
    user = request.user
    policy = selectors.policy_get_for_user(user, pk)
    manages = permissions.can_manage_policy(user, policy)
    records = permissions.can_record_approval(user, policy)
    drafting = lifecycle.allowed(policy.status, lifecycle.EDIT_DRAFT)
    consultations = selectors.consultations_for(user, policy)
    return render(
        request,
        "policies/policy_detail.html",
        {
            "policy": policy,
            "versions": selectors.versions_for(user, policy),
            "consultations": consultations,
            "open_consultation": next((c for c in consultations if c.is_open), None),
            "learning": selectors.learning_rows(user, selectors.learning_for_policy(policy)),
            "adoption": selectors.adoption_summary(policy),
            "review_deadline": selectors.review_deadline(policy),
            "is_insider": permissions.is_insider(user, policy),
            "can_manage": manages,
            "can_edit_draft": manages and drafting,
            "can_consult": manages and drafting,
            "can_request_approval": records and lifecycle.allowed(policy.status, lifecycle.APPROVE),
            "can_record_approval": records and lifecycle.allowed(policy.status, lifecycle.APPROVE),
            "can_publish": manages and policy.status == Policy.Status.APPROVED,
            "can_start_review": manages and lifecycle.allowed(policy.status, lifecycle.START_REVIEW),
            "can_withdraw": manages,
            "can_confirm_adoption": permissions.can_confirm_adoption(user, policy),
            "can_view_adoption": permissions.can_view_adoption(user, policy),
            "can_link_learning": permissions.can_link_learning(user, policy),
            "can_view_history": permissions.can_view_history(user, policy),
            "in_force_meanwhile": policy.is_in_force and policy.status != Policy.Status.PUBLISHED,
            "draft_action": "Change the draft" if selectors.draft_version(policy) else "Start the next version",
        },
    )


@require_http_methods(["GET", "POST"])
def policy_edit(request, pk: int):
    policy = selectors.policy_get_for_user(request.user, pk)
    refuse_unless(permissions.can_edit_details(request.user, policy))
    form = PolicyForm(request.POST or None, instance=copy.copy(policy))
    return form_page(
        request,
        form,
        title="Change the details",
        caption=policy.title,
        intro="The public address stays the same if you change the title.",
        back_url=policy.get_absolute_url(),
        on_valid=lambda data: services.policy_update(acting_user=request.user, policy=policy, **data),
        success="Details saved",
        next_url=policy,
    )


def policy_history(request, pk: int):
    policy = selectors.policy_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user, policy))
    return render_history(request, policy, title=f"History of “{policy}”", back_url=policy.get_absolute_url())


@require_http_methods(["GET", "POST"])
def version_save(request, pk: int):
    policy = selectors.policy_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_policy(request.user, policy))
    refuse_unless(lifecycle.allowed(policy.status, lifecycle.EDIT_DRAFT))
    draft = selectors.draft_version(policy)
    form = VersionForm(
        request.POST or None,
        request.FILES or None,
        needs_document=draft is None,
        initial={"change_summary": draft.change_summary if draft else ""},
    )
    return form_page(
        request,
        form,
        title=f"Change the draft of version {draft.number}" if draft else "Start the next version",
        caption=policy.title,
        submit="Save the draft",
        back_url=policy.get_absolute_url(),
        on_valid=lambda data: services.version_save(
            acting_user=request.user,
            policy=policy,
            change_summary=data["change_summary"],
            upload=data["file"],
            external_url=data["external_url"],
        ),
        success=lambda version: f"Draft of version {version.number} saved",
        next_url=policy,
    )


@require_http_methods(["GET", "POST"])
def review_start(request, pk: int):
    policy = selectors.policy_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_policy(request.user, policy))
    refuse_unless(lifecycle.allowed(policy.status, lifecycle.START_REVIEW))
    form = ReasonForm(request.POST or None, label="Why is it being reviewed? (optional)", required=False)
    return form_page(
        request,
        form,
        title="Start the review",
        caption=policy.title,
        intro="The version in force stays published while the owning group reviews it. Start the next version "
        "when you know what will change, or record the group’s approval if nothing needs to.",
        submit="Start the review",
        back_url=policy.get_absolute_url(),
        on_valid=lambda data: services.review_start(acting_user=request.user, policy=policy, reason=data["reason"]),
        success="Review started",
        next_url=policy,
    )


@require_http_methods(["GET", "POST"])
def policy_withdraw(request, pk: int):
    policy = selectors.policy_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_policy(request.user, policy))
    form = ReasonForm(
        request.POST or None,
        label="Why is it being withdrawn?",
        required_message="Enter why the document is being withdrawn",
    )
    return form_page(
        request,
        form,
        title="Withdraw this document",
        caption=policy.title,
        warning="It comes off the public pages at once, any consultation on it closes and its review reminders "
        "stop. This cannot be undone: a replacement is a new document.",
        submit="Withdraw it",
        back_url=policy.get_absolute_url(),
        on_valid=lambda data: services.policy_withdraw(acting_user=request.user, policy=policy, reason=data["reason"]),
        success="Withdrawn: it is no longer in force",
        next_url=policy,
        danger=True,
    )
