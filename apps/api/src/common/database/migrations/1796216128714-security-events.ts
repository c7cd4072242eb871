import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The security_events table (src/security); session_key values stored in clear before encryption are dropped. */
export class SecurityEvents1796216128714 implements MigrationInterface {
  name = 'SecurityEvents1796216128714';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "security_events" ("id" character varying(36) NOT NULL, "kind" character varying(40) NOT NULL, "client_ip" character varying(64), "detail" character varying(500), "at" bigint NOT NULL, CONSTRAINT "PK_6fc100d6700780737348df0d3ae" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_security_events_at" ON "security_events"  ("at") ');
    await queryRunner.query('UPDATE "users" SET "session_key" = NULL WHERE "session_key" IS NOT NULL AND "session_key" NOT LIKE \'v1.%\'');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_security_events_at"');
    await queryRunner.query('DROP TABLE "security_events"');
  }
}
