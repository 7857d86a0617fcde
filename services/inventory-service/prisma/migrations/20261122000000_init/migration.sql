-- The schema itself is created by the platform bootstrap (infrastructure/postgres), owned by this
-- service's role, which has no right to create schemas in the database.

-- CreateTable
CREATE TABLE "inventory_service"."products" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "price_minor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "on_hand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_service"."reservations" (
    "order_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "short_product_id" TEXT,
    "short_requested" INTEGER,
    "short_available" INTEGER,
    "correlation_id" TEXT NOT NULL,
    "request_event_id" TEXT NOT NULL,
    "traceparent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reservations_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "inventory_service"."reservation_lines" (
    "order_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "reservation_lines_pkey" PRIMARY KEY ("order_id","product_id")
);

-- CreateTable
CREATE TABLE "inventory_service"."stock_movements" (
    "id" BIGSERIAL NOT NULL,
    "product_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "on_hand_delta" INTEGER NOT NULL,
    "reserved_delta" INTEGER NOT NULL,
    "order_id" TEXT,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_movements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_service"."outbox" (
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
CREATE TABLE "inventory_service"."inbox" (
    "consumer_group" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateIndex
CREATE INDEX "reservations_status_expires_at_idx" ON "inventory_service"."reservations"("status", "expires_at");

-- CreateIndex
CREATE INDEX "stock_movements_product_id_id_idx" ON "inventory_service"."stock_movements"("product_id", "id" DESC);

-- CreateIndex
CREATE INDEX "stock_movements_order_id_idx" ON "inventory_service"."stock_movements"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_event_id_key" ON "inventory_service"."outbox"("event_id");

-- CreateIndex
CREATE INDEX "inbox_processed_at_idx" ON "inventory_service"."inbox"("processed_at");

-- AddForeignKey
ALTER TABLE "inventory_service"."reservation_lines" ADD CONSTRAINT "reservation_lines_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "inventory_service"."reservations"("order_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_service"."stock_movements" ADD CONSTRAINT "stock_movements_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "inventory_service"."products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written (Prisma cannot express partial indexes): the relay scans only unpublished rows.
CREATE INDEX "outbox_unpublished_idx" ON "inventory_service"."outbox" ("id") WHERE "published_at" IS NULL;

-- Hand-written (Prisma cannot express CHECK constraints): the last line of defence against
-- overselling. A bug that tried to reserve more than is on hand would fail the transaction instead.
ALTER TABLE "inventory_service"."products"
  ADD CONSTRAINT "products_on_hand_not_negative" CHECK ("on_hand" >= 0),
  ADD CONSTRAINT "products_reserved_not_negative" CHECK ("reserved" >= 0),
  ADD CONSTRAINT "products_reserved_within_on_hand" CHECK ("reserved" <= "on_hand"),
  ADD CONSTRAINT "products_price_not_negative" CHECK ("price_minor" >= 0);
ALTER TABLE "inventory_service"."reservation_lines" ADD CONSTRAINT "reservation_lines_quantity_positive" CHECK ("quantity" > 0);
