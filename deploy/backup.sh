#!/usr/bin/env bash
# Back up the portal's database to one file: deploy/backup.sh [FILE]
# Reads DATABASE_URL (PostgreSQL). Without FILE, writes $BACKUP_DIR/portal-<UTC time>.dump and
# keeps the newest $BACKUP_KEEP of them (default 14). The file is pg_dump's custom format:
# compressed, and restorable table by table (deploy/restore.sh).
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not PostgreSQL; a SQLite database is backed up by copying its file" >&2; exit 2 ;;
esac

if [ $# -ge 1 ]; then
  target=$1
else
  dir=${BACKUP_DIR:-/var/backups/portal}
  mkdir -p "$dir"
  target="$dir/portal-$(date -u +%Y%m%dT%H%M%SZ).dump"
fi

# Written beside the target and renamed at the end, so a failed run never leaves a partial
# file that looks like a backup.
pg_dump --format=custom --no-owner --no-privileges --file="$target.partial" "$DATABASE_URL"
mv "$target.partial" "$target"
echo "backup.sh: wrote $target ($(du -h "$target" | cut -f1))"

if [ $# -eq 0 ]; then
  keep=${BACKUP_KEEP:-14}
  ls -1t "$dir"/portal-*.dump | tail -n +"$((keep + 1))" | xargs -r rm --
fi
