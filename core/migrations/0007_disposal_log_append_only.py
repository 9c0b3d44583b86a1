"""The log of deletions and anonymisations is append-only in the database itself, like the
access log: PostgreSQL refuses any UPDATE or DELETE on it. (SQLite has no such guard.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_disposallog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The disposal log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_disposallog_append_only ON core_disposallog;
CREATE TRIGGER core_disposallog_append_only
    BEFORE UPDATE OR DELETE ON core_disposallog
    FOR EACH ROW EXECUTE FUNCTION core_disposallog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_disposallog_append_only ON core_disposallog;
DROP FUNCTION IF EXISTS core_disposallog_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_retention")]

    operations = [migrations.RunPython(create, drop)]
