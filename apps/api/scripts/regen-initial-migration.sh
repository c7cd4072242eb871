#!/usr/bin/env bash
# Regenerates the initial PostgreSQL migration from the entities (before the first release only; afterwards add
# new migrations with scripts/generate-migration.js). Needs a PostgreSQL at $PG_ADMIN_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
admin="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:54329/postgres}"
psql "$admin" -qc 'DROP DATABASE IF EXISTS minipay_migration_gen' -qc 'CREATE DATABASE minipay_migration_gen'
rm -f src/common/database/migrations/1764100000000-initial-schema.ts
echo "export class InitialSchema1764100000000 { name = 'x'; async up() {} async down() {} }" > src/common/database/migrations/1764100000000-initial-schema.ts
npx tsc -p tsconfig.build.json
MIGRATION_TIMESTAMP=1764100000000 DATABASE_URL="${admin%/*}/minipay_migration_gen" node scripts/generate-migration.js InitialSchema
psql "$admin" -qc 'DROP DATABASE minipay_migration_gen'
npx tsc -p tsconfig.build.json
