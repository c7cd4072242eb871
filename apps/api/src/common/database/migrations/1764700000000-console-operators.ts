import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The merchant console's operators and sessions (apps/api/src/console/operator.entity.ts). */
export class ConsoleOperators1764700000000 implements MigrationInterface {
  name = 'ConsoleOperators1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "console_operators" ("id" character varying(36) NOT NULL, "username" character varying(64) NOT NULL, "password_hash" character varying(200) NOT NULL, "role" character varying(16) NOT NULL, "created_at" bigint NOT NULL, "last_sign_in_at" bigint, CONSTRAINT "PK_console_operators" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_console_operators_username" ON "console_operators"  ("username") ');
    await queryRunner.query(
      'CREATE TABLE "console_sessions" ("token_hash" character varying(64) NOT NULL, "operator_id" character varying(36) NOT NULL, "csrf_token" character varying(64) NOT NULL, "created_at" bigint NOT NULL, "expires_at" bigint NOT NULL, CONSTRAINT "PK_console_sessions" PRIMARY KEY ("token_hash"))',
    );
    await queryRunner.query('CREATE INDEX "ix_console_sessions_operator_id" ON "console_sessions"  ("operator_id") ');
    await queryRunner.query('CREATE INDEX "ix_console_sessions_expires_at" ON "console_sessions"  ("expires_at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_console_sessions_expires_at"');
    await queryRunner.query('DROP INDEX "public"."ix_console_sessions_operator_id"');
    await queryRunner.query('DROP TABLE "console_sessions"');
    await queryRunner.query('DROP INDEX "public"."uq_console_operators_username"');
    await queryRunner.query('DROP TABLE "console_operators"');
  }
}
