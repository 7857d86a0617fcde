-- The schema itself is created by the platform bootstrap (infrastructure/postgres), owned by this
-- service's role, which has no right to create schemas in the database.

-- CreateTable
CREATE TABLE "notification_service"."orders" (
    "order_id" UUID NOT NULL,
    "customer_id" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "total_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "notification_service"."notifications" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "milestone" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "html_body" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "claim_token" UUID,
    "last_error" TEXT,
    "provider_response" TEXT,
    "correlation_id" TEXT NOT NULL,
    "causation_id" TEXT NOT NULL,
    "traceparent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_service"."outbox" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "stream_key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_service"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notifications_order_id_milestone_key" ON "notification_service"."notifications"("order_id", "milestone");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "notification_service"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "inbox_processed_at_idx" ON "notification_service"."inbox"("processed_at");

-- Hand-written (Prisma cannot express partial indexes or checks from here on).
-- The relay scans only unpublished rows.
CREATE INDEX "outbox_unpublished_idx" ON "notification_service"."outbox" ("id") WHERE "published_at" IS NULL;

-- The dispatcher looks only at rows still owed to a customer (due, or whose lease ran out).
CREATE INDEX "notifications_due_idx" ON "notification_service"."notifications" ("next_attempt_at") WHERE "status" IN ('PENDING', 'SENDING');

-- A typo in code must not invent a state or a milestone the dispatcher and the API do not know.
ALTER TABLE "notification_service"."notifications"
  ADD CONSTRAINT "notifications_status_check" CHECK ("status" IN ('PENDING', 'SENDING', 'SENT', 'FAILED')),
  ADD CONSTRAINT "notifications_milestone_check" CHECK ("milestone" IN ('ORDER_RECEIVED', 'ORDER_CONFIRMED', 'ORDER_SHIPPED', 'ORDER_DELIVERED', 'ORDER_CANCELLED'));
