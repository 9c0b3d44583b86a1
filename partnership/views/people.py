import logging

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core import personal_data
from core.access_log import log_access, restricted_read
from core.forms.reason import ReasonForm
from core.history import render_history
from core.pagination import paginate
from core.roles import Role
from core.services import refuse_unless
from core.views.form_pages import form_page, post_action

from .. import permissions, selectors, services
from ..forms import OwnDetailsForm, UserForm

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
            "organisations": selectors.active_organisation_choices(),
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
    refuse_unless(permissions.can_manage_users(request.user))
    return form_page(
        request,
        UserForm(request.POST or None),
        title="Invite someone",
        back_url=reverse("partnership:people-list"),
        intro="We will email them a link to set their password. The link works once and for 3 days; you can send "
        "another.",
        submit="Send invitation",
        on_valid=lambda data: services.user_invite(acting_user=request.user, **data),
        success=lambda person: f"Invitation sent to {person.email}",
        next_url=lambda person: person.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_users(request.user))
    current_roles = [r.value for r in Role if r.label in person.role_labels]
    return form_page(
        request,
        UserForm(request.POST or None, instance=person, initial={"roles": current_roles}),
        title=f"Change {person}",
        back_url=person.get_absolute_url(),
        submit="Save changes",
        on_valid=lambda data: services.user_update(acting_user=request.user, user=person, **data),
        success=lambda _: f"{person} updated",
        next_url=person.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def user_deactivate(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_users(request.user))
    return form_page(
        request,
        ReasonForm(request.POST or None, hint="This is kept in the record’s history"),
        title=f"Deactivate {person}’s account",
        back_url=person.get_absolute_url(),
        intro="They will be signed out everywhere and cannot sign in again. Their name stays on everything they "
        "did. You can reactivate the account later.",
        submit="Deactivate account",
        danger=True,
        on_valid=lambda data: services.user_deactivate(acting_user=request.user, user=person, reason=data["reason"]),
        success=f"{person}’s account is deactivated",
        next_url=person.get_absolute_url(),
    )


@require_POST
def user_reactivate(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_users(request.user))
    return post_action(
        request,
        lambda: services.user_reactivate(acting_user=request.user, user=person),
        success=f"{person}’s account is active again",
        next_url=person.get_absolute_url(),
    )


@require_POST
def user_resend_invitation(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_users(request.user))
    return post_action(
        request,
        lambda: services.user_resend_invitation(acting_user=request.user, user=person),
        success=f"Invitation sent again to {person.email}",
        next_url=person.get_absolute_url(),
    )


def person_history(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
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
    return form_page(
        request,
        OwnDetailsForm(request.POST or None, instance=request.user),
        title="Change your details",
        back_url=reverse("partnership:account"),
        submit="Save changes",
        on_valid=lambda data: services.user_update_own_details(user=request.user, **data),
        success="Your details are saved",
        next_url="partnership:account",
    )


@require_POST
def user_end_sessions(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_users(request.user))
    ended = services.user_end_sessions(acting_user=request.user, user=person)
    messages.success(request, f"{person} is signed out everywhere ({ended} session{'s' if ended != 1 else ''} ended)")
    return redirect(person)


@require_http_methods(["GET", "POST"])
def user_reset_mfa(request, pk: int):
    person = selectors.person_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_users(request.user))
    return form_page(
        request,
        ReasonForm(request.POST or None, hint="This is kept in the record’s history"),
        title=f"Reset {person}’s two-factor authentication",
        back_url=person.get_absolute_url(),
        intro="Their authenticator app, security keys and recovery codes stop working and they are signed out "
        "everywhere. Next time they sign in with their password, they set up two-factor authentication again. "
        "Check who is asking before you do this.",
        submit="Reset two-factor authentication",
        danger=True,
        on_valid=lambda data: services.user_reset_mfa(acting_user=request.user, user=person, reason=data["reason"]),
        success=f"{person}’s two-factor authentication is reset; they set it up again next time",
        next_url=person.get_absolute_url(),
    )


@restricted_read
def person_export(request, pk: int):
    """Everything the portal holds about this person, as a workbook (a subject access
    request). The business unit may export anyone's; everyone may export their own. Each
    export is logged."""
    # Your own data is yours whatever your role: a practitioner who only books training, or
    # someone with no role (who sees nobody in the directory), still has the right of access
    # the privacy notice promises.
    person = request.user if pk == request.user.pk else selectors.person_get_for_user(request.user, pk)
    refuse_unless(person == request.user or permissions.can_manage_users(request.user))
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
