import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core import personal_data
from core.access_log import log_access, restricted_read
from core.history import render_history
from core.pagination import paginate
from core.roles import Role
from core.services import DomainError

from .. import permissions, selectors, services
from ..forms import OwnDetailsForm, ReasonForm, UserForm
from ..models import Organisation

security_log = logging.getLogger("portal.security")


def people_list(request):
    query = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    role_label = Role(role).label if role in Role.values else ""
    organisation_id = request.GET.get("organisation", "")
    organisation_id = int(organisation_id) if organisation_id.isdigit() else None
    people = selectors.people_list_for_user(request.user, query=query, organisation_id=organisation_id, role=role_label)
    return render(
        request,
        "partnership/people_list.html",
        {
            "page": paginate(request, people),
            "query": query,
            "role": role,
            "roles": list(Role),
            "organisation_id": organisation_id,
            "organisations": Organisation.objects.filter(is_active=True).only("pk", "name"),
            "can_manage": permissions.can_manage_users(request.user),
        },
    )


def person_detail(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    return render(
        request,
        "partnership/person_detail.html",
        {
            "person": person,
            "can_manage": permissions.can_manage_users(request.user),
            "can_view_history": permissions.can_view_history(request.user),
            "is_self": person == request.user,
        },
    )


@require_http_methods(["GET", "POST"])
def user_invite(request):
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.user_invite(acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Invitation sent to {person.email}")
            return redirect(person)
    return render(request, "partnership/user_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied
    current_roles = [r.value for r in Role if r.label in person.role_labels]
    form = UserForm(request.POST or None, instance=person, initial={"roles": current_roles})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(acting_user=request.user, user=person, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{person} updated")
            return redirect(person)
    return render(request, "partnership/user_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
def user_deactivate(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_deactivate(acting_user=request.user, user=person, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{person}’s account is deactivated")
            return redirect(person)
    return render(request, "partnership/user_deactivate.html", {"form": form, "person": person})


@require_POST
def user_reactivate(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied
    try:
        services.user_reactivate(acting_user=request.user, user=person)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person}’s account is active again")
    return redirect(person)


@require_POST
def user_resend_invitation(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied
    try:
        services.user_resend_invitation(acting_user=request.user, user=person)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Invitation sent again to {person.email}")
    return redirect(person)


def person_history(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    if not permissions.can_view_history(request.user):
        raise PermissionDenied
    return render_history(request, person, title=f"History of {person}’s account", back_url=person.get_absolute_url())


def account(request):
    """The signed-in person's own account: available to everyone, including people with no
    role yet, and shows nothing but their own details."""
    return render(
        request,
        "partnership/account.html",
        {"organisations_led": list(permissions.organisations_led_by(request.user).only("pk", "name"))},
    )


@require_http_methods(["GET", "POST"])
def account_edit(request):
    form = OwnDetailsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_own_details(user=request.user, **form.cleaned_data)
        messages.success(request, "Your details are saved")
        return redirect("partnership:account")
    return render(request, "partnership/account_form.html", {"form": form})


@require_POST
def user_end_sessions(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied
    ended = services.user_end_sessions(acting_user=request.user, user=person)
    messages.success(request, f"{person} is signed out everywhere ({ended} session{'s' if ended != 1 else ''} ended)")
    return redirect(person)


@require_http_methods(["GET", "POST"])
def user_reset_mfa(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_reset_mfa(acting_user=request.user, user=person, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{person}’s two-factor authentication is reset; they set it up again next time")
            return redirect(person)
    return render(request, "partnership/user_reset_mfa.html", {"form": form, "person": person})


@restricted_read
def person_export(request, pk: int):
    """Everything the portal holds about this person, as a workbook (a subject access
    request). The business unit may export anyone's; everyone may export their own. Each
    export is logged."""
    # Your own data is yours whatever your role: a practitioner who only books training, or
    # someone with no role (who sees nobody in the directory), still has the right of access
    # the privacy notice promises.
    person = request.user if pk == request.user.pk else selectors.person_get_for_user(request.user, pk)
    if person != request.user and not permissions.can_manage_users(request.user):
        raise PermissionDenied
    content = personal_data.export(person)
    log_access(request, person, action="export", detail="Subject access export")
    security_log.info(
        "personal_data_export",
        extra={"event": "personal_data_export", "user_id": request.user.pk, "subject_user_id": person.pk},
    )
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (
        f'attachment; filename="personal-data-{person.pk}-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    return response
