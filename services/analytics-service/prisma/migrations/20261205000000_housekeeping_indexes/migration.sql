-- Hand-written (Prisma cannot express partial indexes): the housekeeping purge deletes published
-- outbox rows oldest first by published_at, in small batches, without scanning the whole table.
-- Unpublished rows (published_at IS NULL) stay out of this index and are never purged.
CREATE INDEX "outbox_published_at_idx" ON "analytics_service"."outbox" ("published_at") WHERE "published_at" IS NOT NULL;
