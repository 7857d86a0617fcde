-- The schema itself is created by the platform bootstrap (infrastructure/postgres), owned by this
-- service's role, which has no right to create schemas in the database.

-- CreateTable
CREATE TABLE "shipping_service"."shipments" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "recipient" JSONB,
    "items" JSONB,
    "callback_url" TEXT,
    "carrier" TEXT,
    "tracking_number" TEXT,
    "carrier_ref" TEXT,
    "estimated_delivery_at" TIMESTAMPTZ(3),
    "failure_reason" TEXT,
    "pending_action" TEXT,
    "due_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "correlation_id" TEXT NOT NULL,
    "causation_id" TEXT NOT NULL,
    "traceparent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shipments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipping_service"."tracking_history" (
    "id" BIGSERIAL NOT NULL,
    "shipment_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "location" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,

    CONSTRAINT "tracking_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipping_service"."outbox" (
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
CREATE TABLE "shipping_service"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "shipments_order_id_key" ON "shipping_service"."shipments"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "shipments_tracking_number_key" ON "shipping_service"."shipments"("tracking_number");

-- CreateIndex
CREATE INDEX "shipments_status_created_at_id_idx" ON "shipping_service"."shipments"("status", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "shipments_created_at_id_idx" ON "shipping_service"."shipments"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "shipments_due_at_idx" ON "shipping_service"."shipments"("due_at");

-- CreateIndex
CREATE UNIQUE INDEX "tracking_history_shipment_id_status_key" ON "shipping_service"."tracking_history"("shipment_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "shipping_service"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "inbox_processed_at_idx" ON "shipping_service"."inbox"("processed_at");

-- AddForeignKey
ALTER TABLE "shipping_service"."tracking_history" ADD CONSTRAINT "tracking_history_shipment_id_fkey" FOREIGN KEY ("shipment_id") REFERENCES "shipping_service"."shipments"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written (Prisma cannot express partial indexes): the relay scans only unpublished rows.
CREATE INDEX "outbox_unpublished_idx" ON "shipping_service"."outbox" ("id") WHERE "published_at" IS NULL;
