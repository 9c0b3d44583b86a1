"""A backup of the demo partnership restores into a fresh database exactly: every table's rows
and every uploaded file."""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# The round trip uses databases with fixed names: one worker runs this whole module.
pytestmark = pytest.mark.xdist_group("backup")


def _admin():
    settings = connection.settings_dict
    link = psycopg2.connect(
        dbname="postgres",
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        password=settings["PASSWORD"] or None,
    )
    link.autocommit = True
    return link


def _admin_sql(*statements: str) -> None:
    link = _admin()  # not `with link`: psycopg2 would open a transaction, and DROP DATABASE refuses one
    try:
        with link.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        link.close()


def _recreate(name: str) -> str:
    settings = connection.settings_dict
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def _copy_of_the_test_database(name: str) -> str:
    """`name`, a copy of this worker's migrated test database. PostgreSQL copies a database only
    while nobody is connected to it: this worker runs one test at a time, so its connections
    are closed and any a finished test's thread left open are ended."""
    from django.db import connections

    template = connection.creation._get_test_db_name()
    connections.close_all()
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for attempt in range(5):
        try:
            _admin_sql(
                # The name is this worker's test database's, from the settings, not from input.
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{template}'",  # noqa: S608
                f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
            )
            break
        except psycopg2.errors.ObjectInUse:
            if attempt == 4:
                raise
            time.sleep(0.5)
    settings = connection.settings_dict
    return f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def _manage(*args, url: str, media: Path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


def _fingerprint(name: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of all its rows, in a stable order."""
    settings = connection.settings_dict
    with (
        psycopg2.connect(
            dbname=name,
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            user=settings["USER"] or "postgres",
        ) as link,
        link.cursor() as cursor,
    ):
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(
                # The table names come from the database's own catalogue, not from input.
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608
            )
            result[table] = cursor.fetchone()
        return result


def _files(media: Path) -> dict[str, str]:
    return {
        str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest() for p in media.rglob("*") if p.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_backup_of_the_demo_restores_into_a_fresh_database_unchanged(tmp_path):
    source, target = "portal_backup_source", "portal_backup_target"
    # The source starts as a copy of this worker's migrated test database (migrating a fresh one
    # would take a minute or two), emptied of anything an earlier test left, then the demo.
    source_url, target_url = _copy_of_the_test_database(source), _recreate(target)
    source_media, target_media = tmp_path / "media-source", tmp_path / "media-target"
    _manage("flush", "--noinput", url=source_url, media=source_media)
    _manage("seed_demo", url=source_url, media=source_media)
    output = _manage("backup", "--to", str(tmp_path / "backups"), url=source_url, media=source_media)
    folder = Path(output.strip().splitlines()[-1])
    assert (folder / "manifest.json").exists() and (folder / "database.dump").exists()
    _manage("restore", str(folder), "--yes", url=target_url, media=target_media)
    before, after = _fingerprint(source), _fingerprint(target)
    assert before["partnership_organisation"][0] > 90 and before["subgroups_meeting"][0] > 20
    assert after == before
    assert _files(target_media) == _files(source_media) and _files(source_media)
    _admin_sql(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in (source, target)))


def test_restore_refuses_without_confirmation(tmp_path):
    (tmp_path / "manifest.json").write_text('{"database": {"vendor": "postgresql", "file": "database.dump"}}')
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "add --yes" in result.stderr


def _restore_fake(tmp_path, manifest: dict):
    import json

    (tmp_path / "database.dump").write_bytes(b"not really a dump")
    (tmp_path / "media.tar.gz").write_bytes(b"not really an archive")
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path), "--yes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_restore_refuses_a_damaged_backup(tmp_path):
    result = _restore_fake(
        tmp_path,
        {
            "database": {"vendor": "postgresql", "file": "database.dump", "sha256": "0" * 64, "migrations": {}},
            "media": {"file": "media.tar.gz"},
        },
    )
    assert result.returncode != 0 and "database file is damaged" in result.stderr


def test_restore_refuses_a_backup_from_a_newer_version(tmp_path):
    result = _restore_fake(
        tmp_path,
        {
            "database": {"vendor": "postgresql", "file": "database.dump", "migrations": {"core": "9999_future"}},
            "media": {"file": "media.tar.gz"},
        },
    )
    assert result.returncode != 0 and "core.9999_future" in result.stderr
