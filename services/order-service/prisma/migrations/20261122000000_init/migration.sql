-- The schema itself is created by the platform bootstrap (infrastructure/postgres), owned by this
-- service's role, which has no right to create schemas in the database.

-- CreateTable
CREATE TABLE "order_service"."events" (
    "position" BIGSERIAL NOT NULL,
    "stream_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "metadata" JSONB NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("position")
);

-- CreateTable
CREATE TABLE "order_service"."orders" (
    "order_id" UUID NOT NULL,
    "customer_id" TEXT NOT NULL,
    "customer_email" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "saga_step" TEXT NOT NULL,
    "total_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "item_count" INTEGER NOT NULL,
    "cancel_reason" TEXT,
    "pending_action" TEXT,
    "due_at" TIMESTAMPTZ(3),
    "action_attempts" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL,
    "correlation_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "state" JSONB NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "order_service"."idempotency_keys" (
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "order_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "order_service"."outbox" (
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
CREATE TABLE "order_service"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "events_event_id_key" ON "order_service"."events"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "events_stream_id_version_key" ON "order_service"."events"("stream_id", "version");

-- CreateIndex
CREATE INDEX "orders_status_created_at_idx" ON "order_service"."orders"("status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "orders_customer_id_created_at_idx" ON "order_service"."orders"("customer_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "orders_created_at_order_id_idx" ON "order_service"."orders"("created_at" DESC, "order_id" DESC);

-- CreateIndex
CREATE INDEX "orders_due_at_idx" ON "order_service"."orders"("due_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "order_service"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "inbox_processed_at_idx" ON "order_service"."inbox"("processed_at");


-- Hand-written (Prisma cannot express partial indexes): the relay scans only unpublished rows.
CREATE INDEX "outbox_unpublished_idx" ON "order_service"."outbox" ("id") WHERE "published_at" IS NULL;
