"""A record's page can list what the portal sent about it."""

import pytest
from django.template import Context, Template

from core import notifications
from tests.factories import UserFactory


@pytest.mark.django_db
def test_sent_about_lists_messages_naming_the_record_and_only_those(cast):
    agency = cast["agency_lead"].organisation
    other = UserFactory()
    notifications.notify([cast["agency_lead"]], kind="deadline_reminder", title="Chase: your return", subject=agency)
    notifications.notify([other], kind="deadline_reminder", title="Unrelated message")

    html = Template("{% load portal_messages %}{% sent_about record %}").render(Context({"record": agency}))

    assert "Chase: your return" in html
    assert cast["agency_lead"].name in html
    assert "Unrelated message" not in html
    assert list(notifications.sent_about(agency).values_list("title", flat=True)) == ["Chase: your return"]
