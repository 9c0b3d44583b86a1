"""Fixtures for the listening tests: the voice of the child sub-group (the cast's chair chairs
it) and an open practitioners' survey."""

import pytest

from subgroups.models import PartnershipGroup
from subgroups.services import groups as group_services

from .builders import published_survey


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ENGAGEMENT_FORM_MIN_SECONDS = 0


@pytest.fixture
def voice_group(business, chair):
    group = group_services.group_save(
        acting_user=business, name="Voice of the Child sub-group", kind="subgroup", purpose="Children’s voices"
    )
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    PartnershipGroup.objects.filter(pk=group.pk).update(remit=PartnershipGroup.Remit.VOICE)
    group.refresh_from_db()
    return group


@pytest.fixture
def open_survey(business, agency):
    survey = published_survey(business)
    return survey
