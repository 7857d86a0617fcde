-- The schema itself is created by the platform bootstrap (infrastructure/postgres), owned by this
-- service's role, which has no right to create schemas in the database.

-- CreateTable
CREATE TABLE "analytics_service"."orders" (
    "order_id" UUID NOT NULL,
    "customer_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "total_minor" BIGINT NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "cancel_reason" TEXT,
    "saga_duration_ms" BIGINT,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "analytics_service"."order_lines" (
    "order_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "product_id" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price_minor" BIGINT NOT NULL,

    CONSTRAINT "order_lines_pkey" PRIMARY KEY ("order_id","line_no")
);

-- CreateTable
CREATE TABLE "analytics_service"."minute_buckets" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "placed" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "minute_buckets_pkey" PRIMARY KEY ("minute")
);

-- CreateTable
CREATE TABLE "analytics_service"."event_counts" (
    "event_type" TEXT NOT NULL,
    "count" BIGINT NOT NULL,

    CONSTRAINT "event_counts_pkey" PRIMARY KEY ("event_type")
);

-- CreateTable
CREATE TABLE "analytics_service"."outbox" (
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
CREATE TABLE "analytics_service"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateIndex
CREATE INDEX "orders_placed_at_idx" ON "analytics_service"."orders"("placed_at");

-- CreateIndex
CREATE INDEX "orders_status_idx" ON "analytics_service"."orders"("status");

-- CreateIndex
CREATE INDEX "order_lines_product_id_idx" ON "analytics_service"."order_lines"("product_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "analytics_service"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "inbox_processed_at_idx" ON "analytics_service"."inbox"("processed_at");

-- AddForeignKey
ALTER TABLE "analytics_service"."order_lines" ADD CONSTRAINT "order_lines_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "analytics_service"."orders"("order_id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written (Prisma cannot express partial indexes or checks from here on).
-- The relay scans only unpublished rows.
CREATE INDEX "outbox_unpublished_idx" ON "analytics_service"."outbox" ("id") WHERE "published_at" IS NULL;

-- A typo in code must not invent a status the summary does not count.
ALTER TABLE "analytics_service"."orders"
  ADD CONSTRAINT "orders_status_check" CHECK ("status" IN ('PLACED', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'));
