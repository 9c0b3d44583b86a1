"""What the register holds about a person is in their subject access export and the privacy
notice, and consultations and withdrawn documents join the retention review."""

import io
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from openpyxl import load_workbook

from core import calendar, personal_data, retention
from policies.models import Consultation, Policy
from policies.services import adoption, consultation, register

from .builders import consulted, draft, pdf, published

pytestmark = pytest.mark.django_db


def _sheets(content: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def test_a_leads_comments_and_adoptions_are_in_their_export(business, group, agency_lead):
    sent = consulted(business, draft(business, group, title="Escalation policy"), [agency_lead.organisation])
    consultation.comment_add(
        acting_user=agency_lead, consultation=sent, organisation=agency_lead.organisation, text="Name the DPO"
    )
    in_force = published(business, group, title="Thresholds of need")
    adoption.adoption_confirm(acting_user=agency_lead, policy=in_force, organisation=agency_lead.organisation)
    sheets = _sheets(personal_data.export(agency_lead))
    comments = sheets["Comments on draft policies"]
    assert comments[1][:4] == ["Escalation policy", agency_lead.organisation.name, None, "Name the DPO"]
    assert [str(v) for v in sheets["Adoptions you confirmed"][1][:3]] == [
        "Thresholds of need",
        "1",
        agency_lead.organisation.name,
    ]
    assert sheets["Policies you lead"][1:] == []
    assert [row[0] for row in _sheets(personal_data.export(business))["Policies you lead"][1:]] == [
        "Escalation policy",
        "Thresholds of need",
    ]


def test_closed_consultations_and_withdrawn_documents_come_due_for_review(business, group, agency_lead):
    policy = published(business, group)
    sent = consulted(business, draft(business, group, title="Protocol"), [agency_lead.organisation])
    consultation.consultation_close(acting_user=business, consultation=sent)
    register.policy_withdraw(acting_user=business, policy=policy, reason="Replaced")
    later = calendar.today() + relativedelta(years=6, days=1)
    assert list(retention.due("policy_consultations", today=later)) == [sent]
    assert list(retention.due("withdrawn_policies", today=later)) == [policy]
    assert not retention.due("policy_consultations", today=calendar.today() + timedelta(days=30)).exists()


def test_a_withdrawn_document_can_be_deleted_with_everything_under_it(business, group, agency_lead):
    policy = published(business, group)
    register.review_start(acting_user=business, policy=policy)
    register.version_save(acting_user=business, policy=policy, change_summary="v2", upload=pdf())
    consulted(business, policy, [agency_lead.organisation])
    register.policy_withdraw(acting_user=business, policy=policy, reason="Replaced")
    Policy.objects.filter(pk=policy.pk).update(withdrawn_on=timezone.localdate() - relativedelta(years=7))
    retention.dispose(acting_user=business, key="withdrawn_policies", pks=[policy.pk], reason="Past its period")
    assert not Policy.objects.filter(pk=policy.pk).exists()
    assert not Consultation.objects.filter(policy_id=policy.pk).exists()
