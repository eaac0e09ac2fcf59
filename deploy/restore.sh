#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an empty database: deploy/restore.sh FILE
# DATABASE_URL names the target, which must exist and be empty (createdb it first): restoring
# over a live database is refused rather than merged. Run `manage.py migrate` afterwards when
# the code is newer than the backup.
set -euo pipefail

file=${1:?usage: deploy/restore.sh FILE}
: "${DATABASE_URL:?DATABASE_URL must name the empty PostgreSQL database to restore into}"

tables=$(psql "$DATABASE_URL" -XAtc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ]; then
  echo "restore.sh: the target database already has $tables tables; restore into a new, empty one" >&2
  exit 2
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$file"
echo "restore.sh: restored $file"
