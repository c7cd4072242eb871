import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money safety, second pass: the paying attempt of an order, what a provider reported it collected, refund
 * reconciliation with backoff, the webhook inbox's claims and retries (and prunable raw bodies), and the
 * outbox relay's backoff.
 */
export class MoneySafety1764200000000 implements MigrationInterface {
  name = 'MoneySafety1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "orders" ADD "paying_payment_id" character varying(36)');
    await queryRunner.query('ALTER TABLE "payments" ADD "captured_value" bigint');
    await queryRunner.query('ALTER TABLE "refunds" ADD "next_query_at" bigint');
    await queryRunner.query('ALTER TABLE "refunds" ADD "query_attempts" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('CREATE INDEX "ix_refunds_next_query_at" ON "refunds" ("next_query_at") ');
    await queryRunner.query('ALTER TABLE "webhook_events" ALTER COLUMN "raw_body" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "webhook_events" ADD "event" text');
    await queryRunner.query('ALTER TABLE "webhook_events" ADD "attempts" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "webhook_events" ADD "claimed_until" bigint');
    await queryRunner.query('ALTER TABLE "webhook_events" ADD "next_attempt_at" bigint');
    await queryRunner.query('ALTER TABLE "webhook_events" ADD "last_error" character varying(200)');
    await queryRunner.query('CREATE INDEX "ix_webhook_events_next_attempt_at" ON "webhook_events" ("next_attempt_at") ');
    await queryRunner.query('ALTER TABLE "outbox_messages" ADD "next_attempt_at" bigint');
    await queryRunner.query('ALTER TABLE "outbox_messages" ADD "last_error" character varying(200)');
    await queryRunner.query('UPDATE "outbox_messages" SET "next_attempt_at" = "created_at" WHERE "delivered_at" IS NULL');
    await queryRunner.query('CREATE INDEX "ix_outbox_next_attempt_at" ON "outbox_messages" ("next_attempt_at") ');
    // Orders paid before this migration: their paying attempt is their successful one.
    await queryRunner.query(
      `UPDATE "orders" o SET "paying_payment_id" = p."id" FROM "payments" p WHERE p."order_id" = o."id" AND p."status" = 'SUCCEEDED' AND o."paying_payment_id" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_outbox_next_attempt_at"');
    await queryRunner.query('ALTER TABLE "outbox_messages" DROP COLUMN "last_error"');
    await queryRunner.query('ALTER TABLE "outbox_messages" DROP COLUMN "next_attempt_at"');
    await queryRunner.query('DROP INDEX "public"."ix_webhook_events_next_attempt_at"');
    await queryRunner.query('ALTER TABLE "webhook_events" DROP COLUMN "last_error"');
    await queryRunner.query('ALTER TABLE "webhook_events" DROP COLUMN "next_attempt_at"');
    await queryRunner.query('ALTER TABLE "webhook_events" DROP COLUMN "claimed_until"');
    await queryRunner.query('ALTER TABLE "webhook_events" DROP COLUMN "attempts"');
    await queryRunner.query('ALTER TABLE "webhook_events" DROP COLUMN "event"');
    await queryRunner.query('DROP INDEX "public"."ix_refunds_next_query_at"');
    await queryRunner.query('ALTER TABLE "refunds" DROP COLUMN "query_attempts"');
    await queryRunner.query('ALTER TABLE "refunds" DROP COLUMN "next_query_at"');
    await queryRunner.query('ALTER TABLE "payments" DROP COLUMN "captured_value"');
    await queryRunner.query('ALTER TABLE "orders" DROP COLUMN "paying_payment_id"');
  }
}
