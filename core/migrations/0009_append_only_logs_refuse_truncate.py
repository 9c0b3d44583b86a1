"""The access log and the disposal log refuse TRUNCATE too (0005 and 0007 refuse UPDATE and
DELETE row by row, which a TRUNCATE never fires).

In production the application's database role has no TRUNCATE privilege at all (README,
"Database roles"); these triggers also stop the owner's role, by mistake or otherwise. Only a
superuser who first sets `portal.allow_log_truncate` (the test suite and the benchmarks, which
empty whole databases between runs) gets through; a superuser could drop the trigger anyway.
(SQLite, the embedded demo, has no such guard.)
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_append_only_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('portal.allow_log_truncate', true) = 'on'
       AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: TRUNCATE is not allowed', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_accesslog_no_truncate ON core_accesslog;
CREATE TRIGGER core_accesslog_no_truncate
    BEFORE TRUNCATE ON core_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION core_append_only_no_truncate();
DROP TRIGGER IF EXISTS core_disposallog_no_truncate ON core_disposallog;
CREATE TRIGGER core_disposallog_no_truncate
    BEFORE TRUNCATE ON core_disposallog
    FOR EACH STATEMENT EXECUTE FUNCTION core_append_only_no_truncate();
"""
DROP = """
DROP TRIGGER IF EXISTS core_accesslog_no_truncate ON core_accesslog;
DROP TRIGGER IF EXISTS core_disposallog_no_truncate ON core_disposallog;
DROP FUNCTION IF EXISTS core_append_only_no_truncate();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0008_notification_subject")]

    operations = [migrations.RunPython(create, drop)]
