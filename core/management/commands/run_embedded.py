"""Serve the portal the embedded way: SQLite, no Redis, periodic work in-process.

Celery runs eagerly (CELERY_TASK_ALWAYS_EAGER) so queued work happens in the web process,
and `core.embedded.start_scheduler` runs every entry of CELERY_BEAT_SCHEDULE on its own
timetable in a background thread, so reminders still fire without a beat process.
"""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from core import embedded

from .seed_demo import DEFAULT_PASSWORD

DEMO_LOGINS = [
    ("business@example.org", "business unit"),
    ("executive@example.org", "executive member"),
    ("chair@example.org", "sub-group chair"),
    ("agency@example.org", "agency lead"),
    ("scrutineer@example.org", "independent scrutineer"),
    ("member@example.org", "partnership member"),
    ("outsider@example.org", "no role"),
]


class Command(BaseCommand):
    help = "Run the portal with the embedded defaults (development server plus in-process scheduler)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, addrport: str, **options: Any) -> None:
        self.stdout.write(f"\nDemo accounts (password for all: {DEFAULT_PASSWORD}):")
        for email, role in DEMO_LOGINS:
            self.stdout.write(f"  {email:<26} {role}")
        self.stdout.write(f"\nOpen http://{addrport}/ and sign in.\n")
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            self.stderr.write("run_embedded expects the embedded settings (Celery in eager mode).")
        embedded.start_scheduler()
        call_command("runserver", addrport, use_reloader=False)
