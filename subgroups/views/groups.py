from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.forms.reason import ReasonForm
from core.history import render_history
from core.services import refuse_unless
from core.views.form_pages import form_response

from .. import permissions
from ..forms.groups import ChairForm, GroupForm, MembershipForm, TermsForm
from ..models import Membership
from ..selectors import groups as group_reads
from ..selectors import meetings as meeting_reads
from ..services import groups as services


def group_list(request):
    return render(
        request,
        "subgroups/group_list.html",
        {
            "groups": group_reads.group_list_for_user(request.user),
            "can_manage": permissions.can_manage_groups(request.user),
            "can_view_executive_register": permissions.can_view_executive_register(request.user),
        },
    )


def structure(request):
    return render(request, "subgroups/structure.html", {"roots": group_reads.structure_for_user(request.user)})


def group_detail(request, pk: int):
    group, reporting_groups = group_reads.group_with_reporting_groups(request.user, pk)
    can_see_business = permissions.can_view_group_business(request.user, group)
    return render(
        request,
        "subgroups/group_detail.html",
        {
            "group": group,
            "members": group_reads.group_members(group),
            "terms": group_reads.current_terms_of(group),
            "reporting_groups": reporting_groups,
            "can_see_business": can_see_business,
            "upcoming": list(meeting_reads.meeting_list_for_user(request.user, upcoming=True, group_id=group.pk)[:5])
            if can_see_business
            else [],
            "can_manage": permissions.can_manage_groups(request.user),
            "can_manage_meetings": permissions.can_manage_meetings(request.user, group),
            "can_view_history": permissions.reads_everything(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def group_create(request):
    refuse_unless(permissions.can_manage_groups(request.user))
    form = GroupForm(request.POST or None)
    return form_response(
        request,
        form,
        template="subgroups/group_form.html",
        context={},
        on_valid=lambda data: services.group_save(acting_user=request.user, **data),
        success=lambda group: f"{group} created",
        next_url=lambda group: group,
    )


@require_http_methods(["GET", "POST"])
def group_edit(request, pk: int):
    group = group_reads.group_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_groups(request.user))
    form = GroupForm(request.POST or None, instance=group)
    return form_response(
        request,
        form,
        template="subgroups/group_form.html",
        context={"group": group},
        on_valid=lambda data: services.group_save(acting_user=request.user, group=group, **data),
        success=f"{group} updated",
        next_url=group,
    )


def group_history(request, pk: int):
    group = group_reads.group_get_for_user(request.user, pk)
    refuse_unless(permissions.reads_everything(request.user))
    return render_history(request, group, title=f"History of {group}", back_url=group.get_absolute_url())


def terms_list(request, pk: int):
    group = group_reads.group_get_for_user(request.user, pk)
    return render(
        request,
        "subgroups/terms_list.html",
        {
            "group": group,
            "versions": group.terms.select_related("created_by"),
            "can_edit": permissions.can_manage_groups(request.user) or permissions.is_chair(request.user, group),
        },
    )


@require_http_methods(["GET", "POST"])
def terms_add(request, pk: int):
    group = group_reads.group_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_groups(request.user) or permissions.is_chair(request.user, group))
    latest = group_reads.latest_terms_of(group)
    form = TermsForm(request.POST or None, initial={"text": latest.text if latest else ""})
    return form_response(
        request,
        form,
        template="subgroups/terms_form.html",
        context={"group": group},
        on_valid=lambda data: services.terms_add(acting_user=request.user, group=group, **data),
        success=lambda terms: f"Terms of reference version {terms.version} saved",
        next_url=group,
    )


@require_http_methods(["GET", "POST"])
def member_add(request, pk: int):
    group = group_reads.group_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_groups(request.user))
    form = MembershipForm(request.POST or None)
    return form_response(
        request,
        form,
        template="subgroups/member_form.html",
        context={"group": group},
        on_valid=lambda data: services.membership_add(acting_user=request.user, group=group, **data),
        success=lambda membership: f"{membership.person} added to {group}",
        next_url=group,
    )


def _membership(request, pk: int, membership_id: int) -> Membership:
    group = group_reads.group_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_groups(request.user))
    return group_reads.current_membership_get(group, membership_id)


@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int, membership_id: int):
    membership = _membership(request, pk, membership_id)
    form = MembershipForm(
        request.POST or None,
        membership=membership,
        initial={"role_in_group": membership.role_in_group, "deputy": membership.deputy},
    )
    return form_response(
        request,
        form,
        template="subgroups/member_form.html",
        context={"group": membership.group, "membership": membership},
        on_valid=lambda data: services.membership_update(acting_user=request.user, membership=membership, **data),
        success=f"{membership.person}’s membership updated",
        next_url=membership.group,
    )


@require_http_methods(["GET", "POST"])
def member_end(request, pk: int, membership_id: int):
    membership = _membership(request, pk, membership_id)
    form = ReasonForm(request.POST or None)
    return form_response(
        request,
        form,
        template="subgroups/member_end.html",
        context={"group": membership.group, "membership": membership},
        on_valid=lambda data: services.membership_end(
            acting_user=request.user, membership=membership, left_on=timezone.localdate(), reason=data["reason"]
        ),
        success=f"{membership.person} has left {membership.group}",
        next_url=membership.group,
    )


@require_http_methods(["GET", "POST"])
def chairs(request, pk: int):
    group = group_reads.group_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_groups(request.user))
    roles = group_reads.group_roles(group)
    current = {label: user_id for user_id, label in roles.items()}
    form = ChairForm(
        request.POST or None,
        group=group,
        initial={"chair": current.get("Chair"), "vice_chair": current.get("Vice-chair")},
    )

    def save(data):
        services.group_set_chair(acting_user=request.user, group=group, person=data["chair"])
        services.group_set_chair(acting_user=request.user, group=group, person=data["vice_chair"], vice=True)

    return form_response(
        request,
        form,
        template="subgroups/chairs_form.html",
        context={"group": group},
        on_valid=save,
        success=f"Chair and vice-chair of {group} saved",
        next_url=group,
    )
