"""Redis down: pages still work, work that would have been queued is done later, and nothing is
lost once Redis is back."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from config.celery import app
from core.models import Notification
from core.tasks import sweep_deadlines
from partnership.models import PartnershipDetails
from subgroups.models import Meeting

from .conftest import redis_start, redis_stop

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def meeting(business, member):
    from datetime import date, time

    from subgroups.services import groups, meetings

    group = groups.group_save(acting_user=business, name="Neglect sub-group", kind="subgroup", purpose="Neglect")
    groups.membership_add(acting_user=business, group=group, person=member)
    return meetings.meeting_create(
        acting_user=business, group=group, date=date(2026, 1, 15), start_time=time(10), location="Room 2"
    )


@pytest.fixture
def redis_down(can_control_services):
    app.conf.task_always_eager = False
    redis_stop()
    try:
        yield
    finally:
        redis_start()
        app.conf.task_always_eager = True


def test_pages_work_and_emails_wait_while_redis_is_down(redis_down, business, member, meeting, client_for, caplog):
    client = client_for(business)
    PartnershipDetails(name="Testshire SCP").save()
    for url in (
        "/",
        reverse("partnership:organisation-list"),
        reverse("subgroups:meeting-list"),
        meeting.get_absolute_url(),
        reverse("core:deadline-list"),
    ):
        assert client.get(url).status_code == 200, url
    assert "Testshire SCP" in client.get("/").content.decode()  # read from the database, not the cache
    meeting.status = Meeting.Status.HELD
    meeting.save()
    response = client.post(reverse("subgroups:minutes-circulate", args=[meeting.pk]))
    assert response.status_code == 302
    waiting = Notification.objects.filter(recipient=member, emailed_at__isnull=True)
    assert waiting.exists(), "the notification must be kept until it can be emailed"
    assert not mail.outbox
    assert any("Could not queue" in record.getMessage() for record in caplog.records)

    redis_start()
    app.conf.task_always_eager = True
    cache.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        sweep_deadlines.delay()  # the next beat tick
    assert not Notification.objects.filter(recipient=member, emailed_at__isnull=True).exists()
    assert [m.to for m in mail.outbox if "Draft minutes" in m.subject] == [[member.email]]
