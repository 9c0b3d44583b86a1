"""factory_boy factories for the models the tests build. The named cast lives in conftest."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from core.roles import Role
from partnership.models import BudgetContribution, Organisation, StrategicPriority, User

PASSWORD = "correct horse battery staple"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Agency {n}")
    kind = Organisation.Kind.NHS_TRUST
    audit_duty = Organisation.AuditDuty.SECTION_11
    contact_email = factory.Sequence(lambda n: f"contact{n}@agency.example.org")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    job_title = "Safeguarding lead"
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*[role_group(r) for r in extracted])


def role_group(role: Role) -> Group:
    return Group.objects.get_or_create(name=Role(role).label)[0]


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = StrategicPriority

    title = factory.Sequence(lambda n: f"Priority {n}")
    description = "Children are safer."
    period_start = 2025
    period_end = 2028


class BudgetContributionFactory(DjangoModelFactory):
    class Meta:
        model = BudgetContribution

    financial_year = 2025
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.LOCAL_AUTHORITY)
    cash_amount = 100000
