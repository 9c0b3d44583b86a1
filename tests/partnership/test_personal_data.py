"""Subject access: everything the portal holds about one person, in one workbook; the privacy
notice lists the same things; deactivated accounts are anonymised when their time comes."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import personal_data, retention
from core.models import AccessLog, Notification
from partnership import services
from partnership.models import User
from tests.factories import UserFactory


def _sheets(content: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def test_the_export_has_a_sheet_for_every_source_with_the_persons_records(business, member):
    Notification.objects.create(recipient=member, kind="deadline_reminder", title="Your paper is due")
    services.user_update(
        acting_user=business,
        user=member,
        name=member.name,
        job_title="Designated nurse",
        organisation=member.organisation,
        phone="",
        roles=["member"],
    )
    sheets = _sheets(personal_data.export(member))
    assert [row[0] for row in sheets["Summary"][1:]] == [s.label for s in personal_data.sources()]
    account = dict(row for row in sheets["Your account"][1:])
    assert account["Email address"] == member.email
    assert account["Job title"] == "Designated nurse"
    assert [row[0] for row in sheets["Notifications"][1:]] == ["Your paper is due"]
    # A change the business unit made is theirs, not the member's.
    assert len(sheets["Changes you made"]) == 1
    business_changes = _sheets(personal_data.export(business))["Changes you made"]
    assert any(row[0] == "User" and row[1] == member.pk for row in business_changes[1:])


def test_a_person_downloads_their_own_data_and_the_business_unit_anyones(business, member, agency_lead, client_for):
    own = client_for(member).get(reverse("partnership:person-export", args=[member.pk]))
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment;")
    assert "Your account" in _sheets(own.content)
    other = client_for(agency_lead).get(reverse("partnership:person-export", args=[member.pk]))
    assert other.status_code in (403, 404)
    by_business = client_for(business).get(reverse("partnership:person-export", args=[member.pk]))
    assert by_business.status_code == 200
    logged = AccessLog.objects.filter(subject_id=member.pk, action="export")
    assert sorted(logged.values_list("user_id", flat=True)) == sorted([member.pk, business.pk])


def test_the_privacy_notice_lists_what_is_held_and_for_how_long(client, business):
    retention.rule_save(acting_user=business, key="meetings", years=15, action="delete", basis="LGA schedule")
    page = client.get(reverse("core:privacy")).content.decode()
    for source in personal_data.sources():
        assert source.label in page
    assert "15 years from the date of the meeting, then delete. LGA schedule" in page


@pytest.fixture
def gone(business, member):
    services.user_deactivate(acting_user=business, user=member, reason="Left the council")
    User.objects.filter(pk=member.pk).update(deactivated_at=timezone.now() - timedelta(days=3 * 365))
    return User.objects.get(pk=member.pk)


def test_a_deactivated_account_is_anonymised_with_its_history(business, gone):
    assert gone in retention.due("deactivated_accounts")
    assert gone.history.exists()
    [entry] = retention.dispose(acting_user=business, key="deactivated_accounts", pks=[gone.pk], reason="Two years")
    gone.refresh_from_db()
    assert gone.name == f"Former user {gone.pk}"
    assert gone.email.endswith("@anonymised.invalid")
    assert not gone.has_usable_password()
    assert not gone.history.exists()
    assert entry.outcome == "anonymised"
    assert "Left the council" not in entry.description
    assert not retention.due("deactivated_accounts").exists()


def test_an_active_account_is_never_due(business, member):
    assert member not in retention.due("deactivated_accounts", today=date(2100, 1, 1))
    UserFactory()
    assert not retention.due("deactivated_accounts", today=date(2100, 1, 1)).exists()


def test_anonymising_an_account_needs_a_reason_and_changes_nothing_without_one(business, gone):
    from core.services import DomainError
    from partnership.personal_data import anonymise_user

    with pytest.raises(DomainError, match="reason"):
        anonymise_user(gone, acting_user=business, reason="  ")
    gone.refresh_from_db()
    assert not gone.email.endswith("@anonymised.invalid")
