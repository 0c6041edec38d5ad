CREATE TABLE "change_feed" (
	"feed" text NOT NULL,
	"item_id" text NOT NULL,
	"modified" bigint NOT NULL,
	"deleted" boolean NOT NULL,
	CONSTRAINT "change_feed_feed_item_id_pk" PRIMARY KEY("feed","item_id")
);
--> statement-breakpoint
CREATE INDEX "change_feed_order_idx" ON "change_feed" USING btree ("feed","modified","item_id");