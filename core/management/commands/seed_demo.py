"""Build a fictional partnership for the demo, the browser tests and the benchmarks.

Each app contributes a `demo.py` with a `seed(demo)` function; they run in INSTALLED_APPS
order (core knows no app by name). Everything is fictional: names are generated, and the
only fixed accounts are the demo users, one per role.
"""

import importlib
import random
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser, OutputWrapper
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from core import demo as core_demo
from core import kept

# Fictional demo accounts only; the run command prints it. Never used in production.
DEFAULT_PASSWORD = "demo-password-1234"  # noqa: S105  # nosec B105


@dataclass
class Demo:
    """What the seeders share: the random source, the scale and what earlier apps made."""

    scale: int
    password: str
    rng: random.Random
    password_hash: str
    today: date
    stdout: OutputWrapper
    made: dict[str, Any] = field(default_factory=dict)

    def count(self, base: int) -> int:
        return base * self.scale

    def say(self, message: str) -> None:
        self.stdout.write(f"  {message}")


class Command(BaseCommand):
    help = "Build a fictional partnership with realistic volume (demo users share one password)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1, help="Multiply the volume (for benchmarks)")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password for the demo users")
        parser.add_argument("--seed", type=int, default=20261122, help="Random seed (same seed, same data)")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database already has organisations"
        )

    def handle(self, *args: Any, scale: int, password: str, seed: int, if_empty: bool, **options: Any) -> None:
        if scale < 1:
            self.stderr.write("--scale must be 1 or more")
            return
        if if_empty and apps.get_model("partnership", "Organisation").objects.exists():
            self.stdout.write("Demo data already present: nothing to do.")
            return
        demo = Demo(
            scale=scale,
            password=password,
            # Repeatable fictional data, not security: a seeded generator is what is wanted.
            rng=random.Random(seed),  # nosec B311
            password_hash=make_password(password),
            today=timezone.localdate(),
            stdout=self.stdout,
        )
        started = time.monotonic()
        # The demo emails nobody: its notifications stay in the portal's inboxes.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name == f"{config.name}.demo":
                        continue
                    raise
                self.stdout.write(f"Seeding {config.verbose_name}...")
                module.seed(demo)
            self.stdout.write("Settling the inboxes and the reminder ledger...")
            core_demo.settle(demo)
            # The demo writes in bulk, which sends no signals: forget any work kept from the
            # records before it (a cache that outlived an earlier database).
            kept.changed(*(model for model in apps.get_models()))
        self.stdout.write(self.style.SUCCESS(f"Demo data built in {time.monotonic() - started:.1f}s."))
