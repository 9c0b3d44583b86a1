"""Reminders through real Celery workers: concurrent sweeps and a failing batch still send
every due reminder exactly once, each person one message listing theirs."""

import pytest
from django.core import mail
from django.utils import timezone

from core import notifications, reminders
from core.models import Deadline, Notification, SentReminder
from core.services import deadlines as clock
from core.tasks import send_reminders, sweep_deadlines
from tests.factories import OrganisationFactory, UserFactory

from .conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)
DEADLINES = 300
PEOPLE = 30


@pytest.fixture
def due_today(clean_queue):
    today = timezone.localdate()
    organisation = OrganisationFactory()
    people = [UserFactory(organisation=organisation) for _ in range(PEOPLE)]
    for index in range(DEADLINES):
        clock.deadline_create(
            subject=organisation,
            rule_key="audit_return",
            start=today,
            due_date=today,
            title=f"Return {index}",
            responsible_users=[people[index % len(people)]],
        )
    return people


def _all_sent():
    return SentReminder.objects.filter(sent_at__isnull=False).count() >= DEADLINES


def test_two_workers_running_the_sweep_twice_at_once_send_each_reminder_once(worker_processes, due_today):
    worker_processes.start("one")
    worker_processes.start("two")
    # The same batches, handed out again and again: two sweeps at once, plus each batch of
    # reminders enqueued twice more directly, as a retried or redelivered task would be.
    pending = reminders.due_pairs()
    assert len(pending) == DEADLINES
    first, second = sweep_deadlines.delay(), sweep_deadlines.delay()
    for _ in range(2):
        for start in range(0, len(pending), 100):
            send_reminders.delay(pending[start : start + 100])
    assert wait_for(_all_sent), "the workers did not send every reminder within a minute"
    assert wait_for(lambda: len(worker_processes.recipients()) >= PEOPLE)
    assert first.id != second.id
    stages = sorted(set(SentReminder.objects.values_list("stage", flat=True)))
    assert SentReminder.objects.count() == DEADLINES, stages
    # Every ledger row went out in exactly one message per person told, and nobody was told twice.
    carried = list(SentReminder.objects.values_list("notification_ids", flat=True))
    assert all(len(ids) == 1 for ids in carried)  # each stage in one message: its one person's
    messages = set(Notification.objects.values_list("pk", flat=True))
    assert {ids[0] for ids in carried} == messages and len(messages) == PEOPLE
    recipients = worker_processes.recipients()
    assert Notification.objects.filter(emailed_at__isnull=False).count() == len(recipients)
    assert len(recipients) == len(set(recipients))  # no email sent twice to anyone
    assert not Deadline.objects.filter(status=Deadline.Status.OPEN).exclude(due_date=timezone.localdate()).exists()


def test_failures_mid_sweep_and_mid_delivery_leave_nothing_half_done_and_the_rerun_finishes_once(
    due_today, mailoutbox, monkeypatch, celery_worker_thread
):
    real_create, real_message = notifications.create, notifications._message
    calls = {"create": 0, "message": 0}

    def failing_create(messages):
        calls["create"] += 1
        if calls["create"] == 1:
            # Not a transient error, so the task is not retried: the sweep is simply lost, as
            # if the worker had died, and only the next sweep can make it good.
            raise RuntimeError("the worker failed mid-sweep")
        return real_create(messages)

    def failing_message(notification):
        calls["message"] += 1
        if calls["message"] == 10:
            raise RuntimeError("the worker failed mid-delivery")
        return real_message(notification)

    monkeypatch.setattr(notifications, "create", failing_create)
    monkeypatch.setattr(notifications, "_message", failing_message)
    sweep_deadlines.delay()
    assert wait_for(lambda: calls["create"] >= 1, settle=1)
    # The failed sweep left nothing behind: no ledger rows, no inbox rows, no missed marks.
    assert SentReminder.objects.count() == Notification.objects.count() == 0
    sweep_deadlines.delay()
    assert wait_for(lambda: calls["message"] >= 10 and SentReminder.objects.count() >= DEADLINES)
    # The failed delivery left its email (and the rest of its batch) unsent, not half-marked.
    assert Notification.objects.count() == PEOPLE
    assert Notification.objects.filter(emailed_at__isnull=False).count() == len(mail.outbox) < PEOPLE
    sweep_deadlines.delay()
    assert wait_for(lambda: len(mail.outbox) >= PEOPLE)
    assert SentReminder.objects.count() == DEADLINES and Notification.objects.count() == PEOPLE
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in due_today)  # one each
    assert all(m.subject == "Due today: 10 items: Self-assessment return" for m in mail.outbox)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_worker_killed_mid_delivery_then_replaced_sends_every_reminder_exactly_once(worker_processes, clean_queue):
    today = timezone.localdate()
    organisation = OrganisationFactory()
    # One deadline each for 30 people: 30 messages, so the kill lands part-way through them.
    people = [UserFactory(organisation=organisation) for _ in range(30)]
    for index in range(30):
        clock.deadline_create(
            subject=organisation,
            rule_key="audit_return",
            start=today,
            due_date=today,
            title=f"Return {index}",
            responsible_users=[people[index]],
        )
    worker_processes.start("slow", EMAIL_BACKEND="tests.celery.slow_mail.SlowFileBackend", SLOW_MAIL_SECONDS="0.4")
    sweep_deadlines.delay()
    # Kill it as soon as it is part-way through sending, while it waits on the mail server.
    assert wait_for(
        lambda: len(worker_processes.emails()) >= 5 and worker_processes.markers() > len(worker_processes.emails()),
        settle=0,
    )
    worker_processes.kill("slow")
    emailed_before = len(worker_processes.emails())
    assert 5 <= emailed_before < 30
    worker_processes.start("replacement")
    sweep_deadlines.delay()  # the next beat tick
    assert wait_for(lambda: len(worker_processes.emails()) >= 30)
    recipients = worker_processes.recipients()
    assert len(recipients) == len(set(recipients)) == 30
    assert SentReminder.objects.count() == Notification.objects.count() == 30
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
