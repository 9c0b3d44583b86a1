"""The append-only logs refuse TRUNCATE, and production's database roles hold the app to rows.

The outside test found the access and disposal logs could be emptied with TRUNCATE (the
UPDATE and DELETE triggers never fire for it), and docker-compose ran the app as the
database superuser. docker-compose now creates an owner role (migrations) and an application
role (web, worker, beat) with deploy/postgres/roles.psql; Docker cannot run here, so these
tests apply the same script to a scratch copy of the test database on the local PostgreSQL.
"""

import importlib
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2
import pytest
import yaml
from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from psycopg2 import errors

BASE_DIR = Path(settings.BASE_DIR)
ROLES_SCRIPT = BASE_DIR / "deploy" / "postgres" / "roles.psql"
APPEND_ONLY = ("core_accesslog", "core_disposallog")


@pytest.mark.django_db
@pytest.mark.parametrize("table", APPEND_ONLY)
def test_the_append_only_logs_refuse_truncate(table):
    # The test suite's own connections may empty them (to reset the database between tests);
    # this one takes that back, as every connection in production is.
    with pytest.raises(DatabaseError, match="append-only: TRUNCATE"), transaction.atomic(), connection.cursor() as c:
        c.execute("SET LOCAL portal.allow_log_truncate = off")
        c.execute(f"TRUNCATE {table} CASCADE")


def _server() -> tuple[str, str]:
    db = settings.DATABASES["default"]
    return db.get("HOST") or "127.0.0.1", str(db.get("PORT") or 5432)


def _connect(database: str, user: str, password: str | None = None):
    host, port = _server()
    conn = psycopg2.connect(dbname=database, user=user, password=password or "", host=host, port=port)
    conn.autocommit = True
    return conn


def _url(database: str, user: str, password: str) -> str:
    host, port = _server()
    return f"postgres://{user}:{password}@{host}:{port}/{database}"


@pytest.fixture
def scratch(django_db_setup, django_db_blocker):
    """A copy of this checkout's migrated test database, given the two roles by the same
    script docker-compose runs; dropped with its roles afterwards."""
    # This checkout's (and worker's) migrated test database.
    template = connections["default"].creation._get_test_db_name()
    superuser = settings.DATABASES["default"].get("USER") or "postgres"
    suffix = uuid.uuid4().hex[:8]
    names = {
        "database": f"portal_roles_{suffix}",
        "owner": f"portal_owner_{suffix}",
        "app": f"portal_app_{suffix}",
        "owner_password": uuid.uuid4().hex,
        "app_password": uuid.uuid4().hex,
    }
    with django_db_blocker.unblock():
        connections.close_all()  # a database is copied only while nobody is connected to it
    admin = _connect("postgres", superuser, settings.DATABASES["default"].get("PASSWORD"))
    try:
        _copy_database(admin, template, names["database"])
        subprocess.run(
            [
                "psql",
                *("-h", _server()[0], "-p", _server()[1], "-U", superuser),
                *("-d", names["database"], "-v", "ON_ERROR_STOP=1", "-q"),
                *("-v", f"dbname={names['database']}"),
                *("-v", f"owner_role={names['owner']}", "-v", f"owner_password={names['owner_password']}"),
                *("-v", f"app_role={names['app']}", "-v", f"app_password={names['app_password']}"),
                *("-f", str(ROLES_SCRIPT)),
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PGPASSWORD": settings.DATABASES["default"].get("PASSWORD") or ""},
        )
        yield names
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [names["database"]]
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{names["database"]}"')
            for role in (names["app"], names["owner"]):
                cursor.execute(f'DROP ROLE IF EXISTS "{role}"')
        admin.close()


def _copy_database(admin, template: str, name: str) -> None:
    """Copy the template, which PostgreSQL allows only while nobody is connected to it. This
    worker's own connections are closed; one left open by a thread of an earlier test (a live
    server's, say) is ended, as this worker runs one test at a time."""
    for attempt in range(5):
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [template],
            )
            try:
                cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                return
            except psycopg2.errors.ObjectInUse:
                if attempt == 4:
                    raise
                time.sleep(0.5)


def _manage(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": url}
    env.pop("TEST_DATABASE_NAME", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
    )


# Run by the application role through the ORM: the reads and writes the portal makes.
APP_WORK = """
import json
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from core.models import AccessLog
from partnership.models import User
user = User.objects.create_user(email="roles-test@example.org", password="a long passphrase here")
user.name = "Changed"
user.save()
group = Group.objects.create(name="Roles test group")
AccessLog.objects.create(user=user, subject_type=ContentType.objects.get_for_model(Group), subject_id=group.pk)
group.delete()
print(json.dumps({"users": User.objects.filter(name="Changed").count(), "logged": AccessLog.objects.filter(user=user).count()}))
"""


def test_the_application_role_reads_and_writes_rows_and_nothing_more(scratch):
    app_url = _url(scratch["database"], scratch["app"], scratch["app_password"])
    done = _manage(app_url, "shell", "-c", APP_WORK)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"users": 1, "logged": 1}

    app = _connect(scratch["database"], scratch["app"], scratch["app_password"])
    refused = {
        # Setting the flag the test suite uses changes nothing for a role that is not superuser.
        "SET portal.allow_log_truncate = on; TRUNCATE core_accesslog": errors.InsufficientPrivilege,
        "TRUNCATE core_disposallog": errors.InsufficientPrivilege,
        "TRUNCATE partnership_organisation CASCADE": errors.InsufficientPrivilege,
        "UPDATE core_accesslog SET detail = 'changed'": errors.InsufficientPrivilege,  # the 0005 trigger
        "DELETE FROM core_accesslog": errors.InsufficientPrivilege,
        "ALTER TABLE core_accesslog DISABLE TRIGGER core_accesslog_append_only": errors.InsufficientPrivilege,
        "ALTER TABLE core_accesslog DISABLE TRIGGER ALL": errors.InsufficientPrivilege,
        "DROP TRIGGER core_accesslog_no_truncate ON core_accesslog": errors.InsufficientPrivilege,
        "DROP TRIGGER core_disposallog_append_only ON core_disposallog": errors.InsufficientPrivilege,
        "CREATE OR REPLACE FUNCTION core_append_only_no_truncate() RETURNS trigger AS $$ BEGIN RETURN NULL; END; "
        "$$ LANGUAGE plpgsql": errors.InsufficientPrivilege,
        "DROP TABLE core_accesslog": errors.InsufficientPrivilege,
        "ALTER TABLE partnership_user ADD COLUMN x int": errors.InsufficientPrivilege,
        "CREATE TABLE stowaway (id int)": errors.InsufficientPrivilege,
        "SET ROLE postgres": errors.InsufficientPrivilege,
    }
    try:
        with app.cursor() as cursor:
            for statement, error in refused.items():
                with pytest.raises(error):
                    cursor.execute(statement)
            cursor.execute("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user")
            assert cursor.fetchone() == (False, False, False)
            cursor.execute("SELECT count(*) FROM core_accesslog")
            assert cursor.fetchone()[0] >= 1
    finally:
        app.close()


def test_the_owner_runs_the_migrations_and_cannot_truncate_the_logs_either(scratch):
    owner_url = _url(scratch["database"], scratch["owner"], scratch["owner_password"])
    # The owner, not a superuser, runs migrations: the latest core migration unapplied and
    # applied again (a new table, its indexes and rows) ...
    for command in (("migrate", "core", "0010", "--noinput"), ("migrate", "--noinput")):
        done = _manage(owner_url, *command)
        assert done.returncode == 0, done.stderr
    checked = _manage(owner_url, "migrate", "--check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    owner = _connect(scratch["database"], scratch["owner"], scratch["owner_password"])
    try:
        with owner.cursor() as cursor:
            # ... and drops and creates the TRUNCATE triggers' function and triggers with the very
            # statements of the migration that adds them (unapplying that one would unapply every
            # app after it, minutes of work that prove nothing more).
            triggers = importlib.import_module("core.migrations.0009_append_only_logs_refuse_truncate")
            cursor.execute(triggers.DROP)
            cursor.execute(triggers.CREATE)
        with owner.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            assert cursor.fetchone() == (False,)
            for table in APPEND_ONLY:
                with pytest.raises(errors.InsufficientPrivilege, match="append-only: TRUNCATE"):
                    cursor.execute(f"SET portal.allow_log_truncate = on; TRUNCATE {table} CASCADE")
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_get_userbyid(c.relowner) <> current_user"
            )
            assert cursor.fetchone() == (0,)  # the script moved every table to the owner
    finally:
        owner.close()


def test_docker_compose_runs_the_app_as_the_application_role_and_migrates_as_the_owner():
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://portal_app:"), name
    assert services["migrate"]["environment"]["DATABASE_URL"].startswith("postgres://portal_owner:")
    assert "./deploy/postgres:/docker-entrypoint-initdb.d:ro" in services["postgres"]["volumes"]
    script = (BASE_DIR / "deploy" / "postgres" / "10-portal-roles.sh").read_text()
    assert "owner_role=portal_owner" in script and "app_role=portal_app" in script
