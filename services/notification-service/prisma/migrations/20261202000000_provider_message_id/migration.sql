-- The SMTP server's own id for an accepted message (the id in its 250 reply, after queued as),
-- so support can find the message in the mail server's logs. The whole reply is kept beside it.
ALTER TABLE "notification_service"."notifications" ADD COLUMN "provider_message_id" TEXT;
