-- The orders row's state is the snapshot every saga decision starts from. state_version says which shape
-- of OrderState (and which evolve) wrote it: a row older than the running code is rebuilt from the stream
-- when it is next loaded. Rows written before this column existed are shape 1.
ALTER TABLE "order_service"."orders" ADD COLUMN "state_version" INTEGER NOT NULL DEFAULT 1;

-- Each stored event says which version of its type's schema its data has, so old shapes can be upcast
-- when a stream is read. Events stored before this column existed are version 1.
ALTER TABLE "order_service"."events" ADD COLUMN "schema_version" INTEGER NOT NULL DEFAULT 1
