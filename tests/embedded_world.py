"""Prepare an SQLite database for tests/test_embedded_server.py: migrated (a migrated empty
copy is kept under var/test-cache/ per set of migrations, as --reuse-db keeps the PostgreSQL
one), with the test cast and one of every record (tests/world.py). Writes what the test needs
to know about it as JSON.

  DJANGO_SETTINGS_MODULE=config.settings.embedded DATABASE_URL=sqlite:////tmp/x.sqlite3 \\
      MEDIA_ROOT=/tmp/media python -m tests.embedded_world /tmp/x.sqlite3 /tmp/world.json
"""

import hashlib
import json
import shutil
import sys
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parent.parent


def _migrated_copy(target: Path) -> None:
    from django.core.management import call_command
    from django.db import connection

    migrations = sorted(BASE_DIR.glob("*/migrations/*.py"))
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in migrations)).hexdigest()[:16]
    cached = BASE_DIR / "var" / "test-cache" / f"embedded-{digest}.sqlite3"
    if cached.exists():
        connection.close()
        shutil.copyfile(cached, target)
        return
    call_command("migrate", verbosity=0)
    connection.close()
    cached.parent.mkdir(parents=True, exist_ok=True)
    for stale in cached.parent.glob("embedded-*.sqlite3"):
        stale.unlink()
    import sqlite3

    with sqlite3.connect(target) as source, sqlite3.connect(cached) as copy:
        source.backup(copy)


def main(database: str, out: str) -> None:
    django.setup()
    _migrated_copy(Path(database))

    from tests.conftest import make_cast
    from tests.factories import PASSWORD
    from tests.matrix import ROLES
    from tests.test_url_matrix import MATRIX
    from tests.world import build_world

    world = build_world(make_cast())
    urls, expect = {}, {}
    for name, entry in MATRIX.items():
        urls[name] = entry.url(world)
        expect[name] = {role: entry.expected_for(role) for role in ROLES}
    emails = {role: world[role].email for role in ROLES if role != "anonymous"}
    Path(out).write_text(json.dumps({"urls": urls, "expect": expect, "emails": emails, "password": PASSWORD}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
