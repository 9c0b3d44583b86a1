#!/bin/sh
# Run once by the postgres image when its data volume is first created (it runs every *.sh in
# /docker-entrypoint-initdb.d as the superuser): the portal's owner and application roles.
# For a database made before them, run it by hand (README, "Database roles").
set -eu
: "${PORTAL_DB_OWNER_PASSWORD:?set PORTAL_DB_OWNER_PASSWORD in .env}"
: "${PORTAL_DB_APP_PASSWORD:?set PORTAL_DB_APP_PASSWORD in .env}"
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-portal}" \
    -v dbname="${POSTGRES_DB:-portal}" \
    -v owner_role=portal_owner -v owner_password="$PORTAL_DB_OWNER_PASSWORD" \
    -v app_role=portal_app -v app_password="$PORTAL_DB_APP_PASSWORD" \
    -f /docker-entrypoint-initdb.d/roles.psql
