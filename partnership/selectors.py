"""Permission-scoped reads. "Missing" and "not yours" give the same 404."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404

from core import counting
from core.roles import ROLE_BY_GROUP_NAME, Role, role_labels
from core.services import refuse_unless

from . import permissions
from .forms import OrganisationFilterForm
from .models import (
    BudgetContribution,
    Organisation,
    OrganisationUserObjectPermission,
    PartnershipDetails,
    StrategicPriority,
    User,
    email_domain,
)

# What the directory lists of an organisation (name, kind, audit duty, tags); the rest of its row stays unread.
_LISTED_FIELDS = ("name", "kind", "audit_duty", "is_safeguarding_partner", "is_active")


def organisation_list_for_user(user: User, filter_form: OrganisationFilterForm) -> QuerySet[Organisation]:
    refuse_unless(permissions.can_view_directory(user))
    # Active people counted for the page's organisations only (core.counting).
    people = counting.per_row(User.objects.filter(is_active=True), "organisation")
    queryset = permissions.organisations_visible_to(user).annotate(people_count=people)
    return filter_form.filter(queryset).only(*_LISTED_FIELDS).order_by("name")


def organisation_get_for_user(user: User, pk: int) -> Organisation:
    organisation = permissions.organisations_visible_to(user).select_related("parent").filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation")
    return organisation


def organisations_owning_email(email: str) -> list[Organisation]:
    """The active organisations whose email domains include this address's domain (exactly: a
    subdomain is a different domain). Not scoped to a reader: it decides who may register to
    book training, before anyone is signed in."""
    domain = email_domain(email)
    if not domain:
        return []
    candidates = Organisation.objects.filter(is_active=True, email_domains__icontains=domain).order_by("name")
    return [organisation for organisation in candidates if domain in organisation.domain_list]


def organisation_people(organisation: Organisation) -> list[User]:
    lead_ids = set(
        OrganisationUserObjectPermission.objects.filter(
            content_object=organisation, permission__codename=permissions.LEAD_PERMISSION
        ).values_list("user_id", flat=True)
    )
    people = list(organisation.people.filter(is_active=True).prefetch_related("groups").order_by("name"))
    for person in people:
        person.is_lead = person.pk in lead_ids
        person.role_labels = _role_labels(person)
    return people


def organisation_children(organisation: Organisation) -> list[Organisation]:
    return list(organisation.children.filter(is_active=True))


def people_list_for_user(
    user: User, *, query: str = "", organisation_id: int | None = None, role: str = ""
) -> QuerySet[User]:
    refuse_unless(permissions.can_view_people(user))
    people = permissions.people_visible_to(user).select_related("organisation").prefetch_related("groups")
    if query:
        people = people.filter(Q(name__icontains=query) | Q(email__icontains=query) | Q(job_title__icontains=query))
    if organisation_id:
        people = people.filter(organisation_id=organisation_id)
    if role:
        people = people.filter(groups__name=role)
    return people.order_by("name")


def person_get_for_user(user: User, pk: int) -> User:
    person = (
        permissions.people_visible_to(user)
        .select_related("organisation", "invited_by")
        .prefetch_related("groups")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404("No such person")
    person.role_labels = _role_labels(person)
    person.organisations_led = list(permissions.organisations_led_by(person).only("pk", "name"))
    return person


def _role_labels(person: User) -> list[str]:
    return role_labels(ROLE_BY_GROUP_NAME[g.name] for g in person.groups.all() if g.name in ROLE_BY_GROUP_NAME)


def priority_list_for_user(user: User) -> QuerySet[StrategicPriority]:
    refuse_unless(permissions.can_view_priorities(user))
    return StrategicPriority.objects.select_related("lead")


def priority_get_for_user(user: User, pk: int) -> StrategicPriority:
    if not permissions.can_view_priorities(user):
        raise Http404("No such priority")
    priority = StrategicPriority.objects.select_related("lead").filter(pk=pk).first()
    if priority is None:
        raise Http404("No such priority")
    return priority


@dataclass
class BudgetShare:
    contribution: BudgetContribution
    share: Decimal


@dataclass
class BudgetYear:
    year: int
    label: str
    shares: list[BudgetShare]
    cash_total: Decimal
    in_kind_total: Decimal

    @property
    def total(self) -> Decimal:
        return self.cash_total + self.in_kind_total


def budget_years_for_user(user: User) -> list[BudgetYear]:
    """Every financial year's contributions with each contributor's share of the total."""
    refuse_unless(permissions.can_view_budget(user))
    by_year: dict[int, list[BudgetContribution]] = defaultdict(list)
    for contribution in BudgetContribution.objects.select_related("organisation").order_by(
        "-financial_year", "-organisation__is_safeguarding_partner", "organisation__name"
    ):
        by_year[contribution.financial_year].append(contribution)
    years = []
    for year, contributions in by_year.items():
        total = sum((c.total for c in contributions), Decimal("0"))
        years.append(
            BudgetYear(
                year=year,
                label=contributions[0].financial_year_label,
                shares=[
                    BudgetShare(c, (c.total / total * 100).quantize(Decimal("0.1")) if total else Decimal("0"))
                    for c in contributions
                ],
                cash_total=sum((c.cash_amount for c in contributions), Decimal("0")),
                in_kind_total=sum((c.in_kind_amount for c in contributions), Decimal("0")),
            )
        )
    return years


def budget_contribution_get_for_user(user: User, pk: int) -> BudgetContribution:
    if not permissions.can_view_budget(user):
        raise Http404("No such contribution")
    contribution = BudgetContribution.objects.select_related("organisation").filter(pk=pk).first()
    if contribution is None:
        raise Http404("No such contribution")
    return contribution


def lead_users(organisation: Organisation) -> list[User]:
    return list(
        User.objects.filter(
            organisationuserobjectpermission__content_object=organisation,
            organisationuserobjectpermission__permission__codename=permissions.LEAD_PERMISSION,
        ).distinct()
    )


def people_with_role(role: Role) -> list[User]:
    """Active people holding a partnership role, by name."""
    return list(User.objects.filter(is_active=True, groups__name=role.label).order_by("name"))


def business_unit_people() -> list[User]:
    return people_with_role(Role.BUSINESS_UNIT)


def active_organisation_choices() -> QuerySet[Organisation]:
    """Active organisations, names only: for a filter's choices."""
    return Organisation.objects.filter(is_active=True).only("pk", "name")


def partnership_details_to_edit() -> PartnershipDetails:
    """The partnership's details as stored now (not the cached copy pages read), or a blank
    record if none has been saved yet."""
    return PartnershipDetails.objects.filter(pk=1).first() or PartnershipDetails(pk=1)


def has_account(email: str) -> bool:
    """Someone already has an account with this email address (in any letter case)."""
    return User.objects.filter(email__iexact=email).exists()
