"""The access log is append-only in the database itself: PostgreSQL refuses any UPDATE or
DELETE on it, whatever the application does. (SQLite, the embedded demo, has no such guard.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_accesslog_append_only ON core_accesslog;
CREATE TRIGGER core_accesslog_append_only
    BEFORE UPDATE OR DELETE ON core_accesslog
    FOR EACH ROW EXECUTE FUNCTION core_accesslog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_accesslog_append_only ON core_accesslog;
DROP FUNCTION IF EXISTS core_accesslog_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_documents_and_access_log")]

    operations = [migrations.RunPython(create, drop)]
