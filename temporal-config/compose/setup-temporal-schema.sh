#!/bin/sh
# Creates Temporal's two databases if missing and sets up or upgrades their schemas
# (docker-compose.yml runs it on every `docker compose up`, in the temporalio/admin-tools
# image, before the server starts). The schemas are the ones built into temporal-sql-tool,
# of the same server version: the same steps runtime/temporal-server.ts takes for
# `npm run start:cluster` and the cluster tests. Idempotent: a current schema is left alone.
# Connection: the SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER and SQL_PASSWORD variables.
set -eu

for database in temporal:postgresql/v12/temporal temporal_visibility:postgresql/v12/visibility; do
  name="${database%%:*}"
  schema="${database#*:}"
  # a no-op when it exists
  temporal-sql-tool --db "$name" create-database
  temporal-sql-tool --db "$name" setup-schema -v 0.0
  temporal-sql-tool --db "$name" update-schema --schema-name "$schema"
done
