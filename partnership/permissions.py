"""Who may do what in the directory. One place per object type, used by views, templates
(through flags the views pass) and querysets alike."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.counting import ids_per_row, read_ids
from core.roles import PARTNERSHIP_ROLES, READ_ALL_ROLES, Role, has_any_role, has_role

from .models import Organisation, OrganisationUserObjectPermission, User

LEAD_PERMISSION = "lead_organisation"
# The organisations the signed-in person leads, read with them on every request (apps.py).
LED_IDS_ATTR = "_partnership_led_ids"


# Organisations -------------------------------------------------------------------------


def can_view_directory(user) -> bool:
    """Anyone with a role in the partnership reads the directory; outsiders do not."""
    return has_any_role(user)


def can_manage_directory(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def organisations_visible_to(user) -> QuerySet[Organisation]:
    if not can_view_directory(user):
        return Organisation.objects.none()
    return Organisation.objects.all()


def organisations_led_by(user) -> QuerySet[Organisation]:
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=OrganisationUserObjectPermission.objects.filter(user=user, permission__codename=LEAD_PERMISSION).values(
            "content_object_id"
        )
    )


def led_organisation_ids(user) -> frozenset[int]:
    """The organisations the person leads, read once per user object (each request has its
    own, read with its person: led_ids_subquery): every app's checks and home's counts ask this
    rather than a subquery of their own, which PostgreSQL would plan again at each use."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if not hasattr(user, "_partnership_led"):
        read = getattr(user, LED_IDS_ATTR, None)
        user._partnership_led = (
            read_ids(read)
            if read is not None
            else frozenset(
                OrganisationUserObjectPermission.objects.filter(
                    user=user, permission__codename=LEAD_PERMISSION
                ).values_list("content_object_id", flat=True)
            )
        )
    return user._partnership_led


def led_ids_subquery():
    """led_organisation_ids as a subquery on a query of people (core.auth_backends)."""
    return ids_per_row(
        OrganisationUserObjectPermission.objects.filter(user=OuterRef("pk"), permission__codename=LEAD_PERMISSION),
        "content_object_id",
    )


def is_organisation_lead(user, organisation: Organisation) -> bool:
    return organisation.pk in led_organisation_ids(user)


# People --------------------------------------------------------------------------------


def can_view_people(user) -> bool:
    return has_any_role(user)


def can_manage_users(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def people_visible_to(user) -> QuerySet[User]:
    if not can_view_people(user):
        return User.objects.none()
    people = User.objects.all()
    if not can_manage_users(user):
        # Deactivated accounts, and practitioners who registered only to book training, are
        # listed for the business unit only.
        people = people.filter(is_active=True).exclude(_practitioner_only())
    return people


def _practitioner_only() -> Q:
    def in_groups(names):
        return Exists(User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name__in=names))

    return Q(in_groups([Role.PRACTITIONER.label])) & ~Q(in_groups([r.label for r in PARTNERSHIP_ROLES]))


# Priorities, the partnership's details, the budget ---------------------------------------


def can_view_priorities(user) -> bool:
    return has_any_role(user)


def can_manage_priorities(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def can_manage_partnership_details(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def can_view_budget(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def can_manage_budget(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


# History ------------------------------------------------------------------------------------


def can_view_history(user) -> bool:
    """Change history names who did what: the business unit and the scrutineer read it."""
    return has_role(user, Role.BUSINESS_UNIT, Role.SCRUTINEER)


def contacts_for_organisations(organisation_ids) -> dict[int, list[User]]:
    """The people to notify about an organisation's deadlines: its active leads, in one query
    (settings.PORTAL_ORGANISATION_CONTACTS points here)."""
    contacts: dict[int, list[User]] = {}
    rows = (
        OrganisationUserObjectPermission.objects.filter(
            content_object_id__in=list(organisation_ids),
            permission__codename=LEAD_PERMISSION,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__name")
    )
    for row in rows:
        contacts.setdefault(row.content_object_id, []).append(row.user)
    return contacts
