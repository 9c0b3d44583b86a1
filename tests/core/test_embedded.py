"""The embedded default's in-process scheduler runs each periodic task on its timetable."""

from datetime import timedelta

from celery import current_app, shared_task
from celery.schedules import crontab

from core import embedded

calls = []


@shared_task(name="tests.embedded.tick")
def tick():
    calls.append(1)


def test_runs_a_task_at_once_then_only_when_due_again():
    calls.clear()
    last_run = {}
    entry = {"task": "tests.embedded.tick", "schedule": timedelta(minutes=15)}
    embedded._maybe_run("tick", entry, last_run)
    embedded._maybe_run("tick", entry, last_run)
    assert calls == [1]
    last_run["tick"] -= timedelta(minutes=16)
    embedded._maybe_run("tick", entry, last_run)
    assert calls == [1, 1]


def test_crontab_entries_wait_for_their_time():
    calls.clear()
    last_run = {}
    entry = {"task": "tests.embedded.tick", "schedule": crontab(minute="*/15")}
    embedded._maybe_run("tick", entry, last_run)
    embedded._maybe_run("tick", entry, last_run)
    assert calls == [1]


def test_every_scheduled_task_is_registered_after_discovery(settings):
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in current_app.tasks
