"""Back up everything the portal holds: the database and the uploaded files, together.

PostgreSQL is dumped with pg_dump (custom format, restorable with pg_restore); the embedded
SQLite database is copied with SQLite's own backup API. Uploads are archived from MEDIA_ROOT.
Each backup is a folder with a manifest saying what it holds.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump/pg_restore only, never a shell
import tarfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


def pg_environment(database: dict[str, Any]) -> dict[str, str]:
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return env


def pg_arguments(database: dict[str, Any]) -> list[str]:
    arguments = ["--host", database.get("HOST") or "127.0.0.1", "--port", str(database.get("PORT") or 5432)]
    if database.get("USER"):
        arguments += ["--username", database["USER"]]
    return arguments


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder under --to."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", default="backups", help="Folder that receives the backup (default: backups/)")

    def handle(self, *args: Any, to: str, **options: Any) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = Path(to) / stamp
        target.mkdir(parents=True, exist_ok=False)
        database = settings.DATABASES["default"]
        if connection.vendor == "postgresql":
            dump = target / "database.dump"
            result = subprocess.run(  # noqa: S603  # nosec B603 - fixed program, arguments from settings
                [
                    postgres_program("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    str(dump),
                    *pg_arguments(database),
                    database["NAME"],
                ],
                env=pg_environment(database),
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                shutil.rmtree(target)
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            dump = target / "database.sqlite3"
            with sqlite3.connect(database["NAME"]) as source, sqlite3.connect(dump) as copy:
                source.backup(copy)
        else:
            raise CommandError(f"Backing up {connection.vendor} is not supported")
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
            if media.exists():
                archive.add(media, arcname="media")
        manifest = {
            "created": stamp,
            "database": {
                "vendor": connection.vendor,
                "name": str(database["NAME"]),
                "file": dump.name,
                "sha256": sha256(dump),
                # The newest migration of each app: a restore into older code is refused.
                "migrations": latest_migrations(),
            },
            "media": {
                "root": str(media),
                "file": "media.tar.gz",
                "sha256": sha256(target / "media.tar.gz"),
                "files": sum(1 for p in media.rglob("*") if p.is_file()) if media.exists() else 0,
            },
        }
        (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
        self.stdout.write(str(target))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def latest_migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def postgres_program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path
