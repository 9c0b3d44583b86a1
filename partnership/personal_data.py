"""What the partnership app holds about a person (for subject access requests and the privacy
notice), and the retention of deactivated accounts (anonymised, never deleted, so that the
record of who did what stays readable)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.functions import TruncDate

from core import personal_data, retention
from core.services import DomainError

from .models import Organisation, User
from .permissions import organisations_led_by


def _account(user) -> list[list]:
    return [
        ["Name", user.name],
        ["Email address", user.email],
        ["Job title", user.job_title],
        ["Organisation", str(user.organisation or "")],
        ["Phone", user.phone],
        ["Roles", ", ".join(Group.objects.filter(user=user).order_by("name").values_list("name", flat=True))],
        ["Invited", user.invited_at],
        ["Invited by", str(user.invited_by or "")],
        ["Account created", user.date_joined],
        ["Last signed in", user.last_login],
        ["Active", "Yes" if user.is_active else "No"],
        ["Deactivated", user.deactivated_at],
        ["Reason for deactivation", user.deactivation_reason],
    ]


def _leads(user) -> list[list]:
    return [[org.name, org.get_kind_display()] for org in organisations_led_by(user).order_by("name")]


def _contacts(user) -> list[list]:
    return list(
        Organisation.objects.filter(contact_email__iexact=user.email)
        .order_by("name")
        .values_list("name", "contact_name", "contact_email", "contact_phone")
    )


@transaction.atomic
def anonymise_user(user: User, *, acting_user: User, reason: str) -> None:
    """Replace everything that identifies the person; keep the account row so the history of
    who did what points at "Former user 123" rather than at nothing. Part of a retention
    decision (core.retention.dispose), which checks the acting user's role and logs it."""
    if not reason.strip():
        raise DomainError("Enter the reason for anonymising this account")
    user._change_reason = f"Anonymised under the retention rules: {reason}"[:100]
    user._history_user = acting_user
    user.name = f"Former user {user.pk}"
    user.email = f"former-user-{user.pk}@anonymised.invalid"
    user.job_title = ""
    user.phone = ""
    user.deactivation_reason = ""
    user.set_unusable_password()
    user.save(update_fields=["name", "email", "job_title", "phone", "deactivation_reason", "password"])
    user.emailaddress_set.all().delete()
    user.notifications.all().delete()


def register() -> None:
    personal_data.register(
        personal_data.Source(
            "account",
            "Your account",
            "Name, work email address, job title, organisation, work phone, roles, who invited you and when, "
            "when you last signed in, and whether and why the account was deactivated",
            ["Field", "Value"],
            _account,
            order=10,
        )
    )
    personal_data.register(
        personal_data.Source(
            "organisation_leads",
            "Organisations you lead",
            "The organisations for which you are the named lead (you answer their audits and actions)",
            ["Organisation", "Kind"],
            _leads,
            order=11,
        )
    )
    personal_data.register(
        personal_data.Source(
            "organisation_contacts",
            "Directory contact details",
            "Where the stakeholder directory names you as an organisation's contact: name, email and phone",
            ["Organisation", "Contact name", "Contact email", "Contact phone"],
            _contacts,
            order=12,
        )
    )
    retention.register(
        retention.RecordType(
            key="deactivated_accounts",
            label="Deactivated accounts",
            holds="The name, email, job title and phone number of people who no longer use the portal",
            anchor_label="the date the account was deactivated",
            queryset=lambda: (
                User.objects.filter(is_active=False, deactivated_at__isnull=False)
                .exclude(email__endswith="@anonymised.invalid")
                .annotate(retention_anchor=TruncDate("deactivated_at"))
            ),
            describe=lambda user: f"Account {user.pk}, deactivated {user.deactivated_at:%d %B %Y}",
            default_years=2,
            default_action=retention.Disposal.ANONYMISE,
            anonymise=anonymise_user,
            linked=False,
        )
    )
