"""Every change to the directory, its people, priorities, details and budget."""

from collections.abc import Iterable
from functools import partial
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from core.email import send_templated_email
from core.roles import Role, forget_roles, role_labels
from core.services import DomainError, refuse_unless, save_with_history

from . import permissions
from .models import (
    BudgetContribution,
    Organisation,
    PartnershipDetails,
    StrategicPriority,
    User,
    normalise_email,
)
from .selectors import lead_users

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "is_safeguarding_partner",
    "is_relevant_agency",
    "involvement",
    "audit_duty",
    "address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "email_domains",
    "is_active",
    "parent",
)


# Organisations -----------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, acting_user: User, reason: str = "Created", **fields: Any) -> Organisation:
    refuse_unless(permissions.can_manage_directory(acting_user))
    organisation = Organisation(**_only(fields, ORGANISATION_FIELDS))
    return save_with_history(organisation, acting_user=acting_user, reason=reason)


@transaction.atomic
def organisation_update(
    *, acting_user: User, organisation: Organisation, reason: str = "Updated", **fields: Any
) -> Organisation:
    refuse_unless(permissions.can_manage_directory(acting_user))
    for name, value in _only(fields, ORGANISATION_FIELDS).items():
        setattr(organisation, name, value)
    return save_with_history(organisation, acting_user=acting_user, reason=reason)


@transaction.atomic
def organisation_set_active(
    *, acting_user: User, organisation: Organisation, active: bool, reason: str
) -> Organisation:
    refuse_unless(permissions.can_manage_directory(acting_user))
    if organisation.is_active == active:
        raise DomainError(f"{organisation} is already {'active' if active else 'inactive'}")
    if not reason.strip():
        raise DomainError("Enter the reason")
    organisation.is_active = active
    return save_with_history(organisation, acting_user=acting_user, reason=reason)


@transaction.atomic
def organisation_set_leads(*, acting_user: User, organisation: Organisation, leads: Iterable[User]) -> None:
    """Make exactly these people the organisation's leads (guardian object permission)."""
    refuse_unless(permissions.can_manage_directory(acting_user))
    wanted = set(leads)
    current = set(lead_users(organisation))
    for user in wanted - current:
        if not user.is_active:
            raise DomainError(f"{user} is deactivated and cannot be a lead")
        assign_perm(f"partnership.{permissions.LEAD_PERMISSION}", user, organisation)
    for user in current - wanted:
        remove_perm(f"partnership.{permissions.LEAD_PERMISSION}", user, organisation)
    if wanted != current:
        changes = [f"added {u}" for u in sorted(wanted - current, key=str)]
        changes += [f"removed {u}" for u in sorted(current - wanted, key=str)]
        save_with_history(
            organisation, acting_user=acting_user, reason="Leads changed: " + ", ".join(changes), clean=False
        )


# People ----------------------------------------------------------------------------------


@transaction.atomic
def user_invite(
    *,
    acting_user: User,
    email: str,
    name: str,
    organisation: Organisation | None,
    roles: Iterable[str] = (),
    job_title: str = "",
    phone: str = "",
    send_email: bool = True,
) -> User:
    """Create an account and email the person a link to set their password."""
    refuse_unless(permissions.can_manage_users(acting_user))
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError("There is already an account with this email address")
    user = User(
        email=email,
        name=name,
        organisation=organisation,
        job_title=job_title,
        phone=phone,
        invited_at=timezone.now(),
        invited_by=acting_user,
    )
    user.set_unusable_password()
    save_with_history(user, acting_user=acting_user, reason="Invited", clean=True)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    _set_roles(user, roles)
    if send_email:
        transaction.on_commit(partial(_send_invitation, user.pk, acting_user.pk))
    return user


@transaction.atomic
def user_resend_invitation(*, acting_user: User, user: User) -> None:
    refuse_unless(permissions.can_manage_users(acting_user))
    if not user.is_active:
        raise DomainError("This account is deactivated: reactivate it first")
    if user.has_usable_password():
        raise DomainError("This person has already set their password")
    user.invited_at = timezone.now()
    save_with_history(user, acting_user=acting_user, reason="Invitation sent again", clean=False)
    transaction.on_commit(partial(_send_invitation, user.pk, acting_user.pk))


@transaction.atomic
def user_create_invited(
    *,
    invited_by: User,
    email: str,
    name: str,
    organisation: Organisation | None,
    password: str,
    job_title: str = "",
    reason: str,
) -> User:
    """The account of someone who proved their work address by following a link a person in
    the partnership emailed them (an agency lead's invitation to sign off an audit return):
    their own password, their address verified, and no role. The caller checked the link;
    what the account may open is decided by the record that invited it."""
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError("There is already an account with this email address: sign in instead")
    user = User(
        email=email,
        name=name.strip(),
        organisation=organisation,
        job_title=job_title.strip(),
        invited_at=timezone.now(),
        invited_by=invited_by,
    )
    validate_password(password, user)
    user.set_password(password)
    # They set the account up themselves: the history says so (the row exists by the time
    # its history is written).
    save_with_history(user, acting_user=user, reason=reason, clean=True)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def _send_invitation(user_id: int, inviter_id: int) -> None:
    user = User.objects.get(pk=user_id)
    inviter = User.objects.get(pk=inviter_id)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    send_templated_email(
        "invitation",
        to=[user.email],
        context={
            "user": user,
            "inviter": inviter,
            "set_password_url": f"{settings.PORTAL_BASE_URL}{path}",
            "partnership": PartnershipDetails.load(),
        },
    )


@transaction.atomic
def user_update(
    *,
    acting_user: User,
    user: User,
    name: str,
    organisation: Organisation | None,
    roles: Iterable[str],
    job_title: str = "",
    phone: str = "",
) -> User:
    refuse_unless(permissions.can_manage_users(acting_user))
    user.name = name
    user.organisation = organisation
    user.job_title = job_title
    user.phone = phone
    before = _role_values(user)
    save_with_history(user, acting_user=acting_user, reason="Details updated")
    _set_roles(user, roles)
    after = _role_values(user)
    if user == acting_user and Role.BUSINESS_UNIT in before and Role.BUSINESS_UNIT not in after:
        raise DomainError("You cannot remove your own business unit role")
    if before != after:
        save_with_history(
            user,
            acting_user=acting_user,
            reason="Roles changed to: " + (", ".join(role_labels(after)) or "no roles"),
            clean=False,
        )
    return user


@transaction.atomic
def user_update_own_details(*, user: User, name: str, job_title: str, phone: str) -> User:
    user.name = name
    user.job_title = job_title
    user.phone = phone
    return save_with_history(user, acting_user=user, reason="Updated their own details")


@transaction.atomic
def user_deactivate(*, acting_user: User, user: User, reason: str) -> User:
    """Deactivate, never delete: their history must stay readable. Ends their sessions and
    takes away their object roles so nothing keeps reaching them."""
    refuse_unless(permissions.can_manage_users(acting_user))
    if user == acting_user:
        raise DomainError("You cannot deactivate your own account")
    if not user.is_active:
        raise DomainError(f"{user} is already deactivated")
    if not reason.strip():
        raise DomainError("Enter the reason for deactivating this account")
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.deactivation_reason = reason
    save_with_history(user, acting_user=acting_user, reason=f"Deactivated: {reason}")
    end_sessions(user)
    return user


@transaction.atomic
def user_reactivate(*, acting_user: User, user: User) -> User:
    refuse_unless(permissions.can_manage_users(acting_user))
    if user.is_active:
        raise DomainError(f"{user} is already active")
    user.is_active = True
    user.deactivated_at = None
    user.deactivation_reason = ""
    return save_with_history(user, acting_user=acting_user, reason="Reactivated")


def end_sessions(user: User) -> int:
    """End every session the person has (tracked by allauth's user sessions), everywhere."""
    from allauth.usersessions.models import UserSession

    sessions = UserSession.objects.purge_and_list(user)
    for session in sessions:
        session.end()
    return len(sessions)


@transaction.atomic
def user_end_sessions(*, acting_user: User, user: User) -> int:
    refuse_unless(permissions.can_manage_users(acting_user))
    ended = end_sessions(user)
    save_with_history(user, acting_user=acting_user, clean=False, reason=f"Signed out everywhere ({ended} sessions)")
    return ended


@transaction.atomic
def user_reset_mfa(*, acting_user: User, user: User, reason: str) -> None:
    """For someone who has lost their phone or key: remove their authenticators and sign them
    out, so that they set up two-factor authentication again at their next sign-in."""
    from allauth.mfa.models import Authenticator

    refuse_unless(permissions.can_manage_users(acting_user))
    if not reason.strip():
        raise DomainError("Enter the reason for resetting two-factor authentication")
    removed = Authenticator.objects.filter(user=user).delete()[0]
    if not removed:
        raise DomainError(f"{user} has not set up two-factor authentication")
    end_sessions(user)
    save_with_history(user, acting_user=acting_user, clean=False, reason=f"Two-factor authentication reset: {reason}")


def _role_values(user: User) -> set[Role]:
    forget_roles(user)
    labels = {role.label: role for role in Role}
    return {labels[name] for name in user.groups.values_list("name", flat=True) if name in labels}


def _set_roles(user: User, roles: Iterable[str]) -> None:
    wanted = {Role(r).label for r in roles}
    role_groups = role_group_map()
    user.groups.remove(*[g for name, g in role_groups.items() if name not in wanted])
    user.groups.add(*[g for name, g in role_groups.items() if name in wanted])
    forget_roles(user)


def role_group_map() -> dict[str, Group]:
    """The role groups by name, creating any that are missing (a migration creates them, but
    a database flushed by tests or restored from an old backup may not have them)."""
    groups = {g.name: g for g in Group.objects.filter(name__in=[r.label for r in Role])}
    for role in Role:
        if role.label not in groups:
            groups[role.label] = Group.objects.get_or_create(name=role.label)[0]
    return groups


# Priorities, details and budget ---------------------------------------------------------------

PRIORITY_FIELDS = ("title", "description", "period_start", "period_end", "lead", "outcomes", "position", "is_active")


@transaction.atomic
def priority_save(*, acting_user: User, priority: StrategicPriority | None = None, **fields: Any) -> StrategicPriority:
    refuse_unless(permissions.can_manage_priorities(acting_user))
    creating = priority is None
    priority = priority or StrategicPriority()
    for name, value in _only(fields, PRIORITY_FIELDS).items():
        setattr(priority, name, value)
    return save_with_history(priority, acting_user=acting_user, reason="Created" if creating else "Updated")


DETAILS_FIELDS = (
    "name",
    "area",
    "description",
    "logo",
    "concern_phone",
    "concern_out_of_hours_phone",
    "concern_email",
    "concern_url",
    "concern_guidance",
    "business_unit_email",
)


@transaction.atomic
def partnership_details_update(*, acting_user: User, **fields: Any) -> PartnershipDetails:
    refuse_unless(permissions.can_manage_partnership_details(acting_user))
    details = PartnershipDetails.objects.select_for_update().filter(pk=1).first() or PartnershipDetails(pk=1)
    for name, value in _only(fields, DETAILS_FIELDS).items():
        setattr(details, name, value)
    return save_with_history(details, acting_user=acting_user, reason="Partnership details updated")


BUDGET_FIELDS = ("financial_year", "organisation", "cash_amount", "in_kind_amount", "in_kind_description")


@transaction.atomic
def budget_contribution_save(
    *, acting_user: User, contribution: BudgetContribution | None = None, **fields: Any
) -> BudgetContribution:
    refuse_unless(permissions.can_manage_budget(acting_user))
    creating = contribution is None
    contribution = contribution or BudgetContribution()
    for name, value in _only(fields, BUDGET_FIELDS).items():
        setattr(contribution, name, value)
    duplicate = BudgetContribution.objects.filter(
        financial_year=contribution.financial_year, organisation=contribution.organisation
    ).exclude(pk=contribution.pk)
    if duplicate.exists():
        raise DomainError(
            f"{contribution.organisation} already has a contribution for "
            f"{contribution.financial_year_label}: change that one instead"
        )
    return save_with_history(contribution, acting_user=acting_user, reason="Recorded" if creating else "Updated")


def _only(fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    return fields
