"""Fixtures for the reviews tests: the practice review sub-group (the cast's chair chairs
it), and helpers that record cases and carry them along the statutory path."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.services import cases, rapid
from subgroups.models import PartnershipGroup
from subgroups.services import groups as group_services


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def practice_group(business, chair):
    group = group_services.group_save(
        acting_user=business, name="Practice Review sub-group", kind="subgroup", purpose="Rapid and practice reviews"
    )
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    PartnershipGroup.objects.filter(pk=group.pk).update(remit=PartnershipGroup.Remit.PRACTICE_REVIEW)
    group.refresh_from_db()
    return group


def case_fields(**overrides) -> dict:
    today = timezone.localdate()
    fields = {
        "child_pseudonym": "Child H",
        "age_band": "1_4",
        "category": "serious_harm",
        "incident_on": today - timedelta(days=6),
        "aware_on": today - timedelta(days=4),
        "summary": "Child H was admitted to hospital with injuries that were not explained.",
        "agencies": [],
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def record_case(business, council, agency, practice_group):
    """record_case(**fields) -> a serious incident recorded by the business unit."""

    def make(**overrides):
        return cases.incident_record(acting_user=business, **case_fields(agencies=[agency], **overrides))

    return make


@pytest.fixture
def notified_case(record_case, business):
    """notified_case(**fields) -> a serious incident notified today, with its rapid review."""

    def make(**overrides):
        incident = record_case(**overrides)
        cases.incident_notify(acting_user=business, incident=incident, notified_on=timezone.localdate())
        incident.refresh_from_db()
        return incident

    return make


@pytest.fixture
def rapid_review(notified_case, business, chair):
    """A rapid review chaired by the cast's chair (the cast's member is not on it)."""
    incident = notified_case()
    review = incident.rapid_review
    rapid.panel_set(acting_user=business, rapid_review=review, chair=chair, members=[])
    return review
