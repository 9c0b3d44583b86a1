"""Restore a backup made by `manage.py backup`: the database (replacing what is there) and the
uploaded files (into MEDIA_ROOT). Refuses without --yes, because it overwrites."""

import json
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump/pg_restore only, never a shell
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from .backup import pg_arguments, pg_environment, postgres_program, sha256


def unknown_migrations(latest: dict[str, str]) -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in latest.items() if (app, name) not in known]


class Command(BaseCommand):
    help = "Restore a backup folder made by `manage.py backup` over the configured database and MEDIA_ROOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="The backup folder (backups/<timestamp>)")
        parser.add_argument("--yes", action="store_true", help="Confirm: the database and uploads are replaced")

    def handle(self, *args: Any, backup: str, yes: bool, **options: Any) -> None:
        source = Path(backup)
        manifest_path = source / "manifest.json"
        if not manifest_path.exists():
            raise CommandError(f"{source} is not a backup folder (no manifest.json)")
        if not yes:
            raise CommandError("Restoring replaces the database and the uploaded files: add --yes to go ahead")
        manifest = json.loads(manifest_path.read_text())
        dump = source / manifest["database"]["file"]
        if manifest["database"]["vendor"] != connection.vendor:
            vendor = manifest["database"]["vendor"]
            raise CommandError(f"This backup is of a {vendor} database; the portal is using {connection.vendor}")
        unknown = unknown_migrations(manifest["database"].get("migrations", {}))
        if unknown:
            raise CommandError(
                "This backup was made by a newer version of the portal (migrations this code does not have: "
                + ", ".join(unknown)
                + "). Restore it with that version."
            )
        for part, path in (("database", dump), ("media", source / manifest["media"].get("file", "media.tar.gz"))):
            expected = manifest[part].get("sha256")
            if expected and sha256(path) != expected:
                raise CommandError(f"The backup's {part} file is damaged: its checksum does not match the manifest")
        database = settings.DATABASES["default"]
        connection.close()
        if manifest["database"]["vendor"] != connection.vendor:
            raise CommandError(f"This backup is of a {manifest['database']['vendor']} database")
        if connection.vendor == "postgresql":
            result = subprocess.run(  # noqa: S603  # nosec B603 - fixed program, arguments from settings
                [
                    postgres_program("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    *pg_arguments(database),
                    "--dbname",
                    database["NAME"],
                    str(dump),
                ],
                env=pg_environment(database),
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        else:
            with sqlite3.connect(dump) as copy, sqlite3.connect(database["NAME"]) as target:
                copy.backup(target)
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        media.mkdir(parents=True)
        with tarfile.open(source / "media.tar.gz", "r:gz") as archive:
            for member in archive.getmembers():
                if (
                    not member.name.startswith("media/")
                    or ".." in Path(member.name).parts
                    or not (member.isfile() or member.isdir())
                ):
                    continue
                member.name = member.name[len("media/") :]
                archive.extract(member, media, filter="data")
        self.stdout.write(self.style.SUCCESS(f"Restored {source} into {database['NAME']} and {media}"))
