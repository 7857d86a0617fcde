-- An outbox row the relay can never publish (Avro refuses a value, the message is larger than the
-- broker takes) is parked instead of blocking every later event: parked_at says when, park_reason why.
-- Parked rows keep published_at NULL, so housekeeping never purges them before someone looks.
ALTER TABLE "inventory_service"."outbox" ADD COLUMN "parked_at" TIMESTAMPTZ(3),
ADD COLUMN "park_reason" TEXT;

-- Hand-written (Prisma cannot express partial indexes): the relay asks, for every batch, whether an
-- earlier event of the same key is parked. Only parked rows are in it, so it stays tiny.
CREATE INDEX "outbox_parked_stream_key_idx" ON "inventory_service"."outbox" ("stream_key", "id") WHERE "parked_at" IS NOT NULL;
