-- The change feeds are written by triggers, so no write path can forget them (see
-- src/db/schema/feeds.ts). Item ids sort bytewise, the same on every server whatever its locale.
ALTER TABLE "change_feed" ALTER COLUMN "item_id" TYPE text COLLATE "C";
--> statement-breakpoint
-- Records a change of one item. The lock (which plain reads do not wait for) makes the writers of
-- the feeds take turns until they commit, and `modified` goes past the largest value: so a change
-- that commits later always sorts later, and a reader paging by (modified, id) misses nothing.
CREATE FUNCTION "record_feed_change"(p_feed text, p_item_id text, p_deleted boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  next_modified bigint;
BEGIN
  LOCK TABLE "change_feed" IN SHARE ROW EXCLUSIVE MODE;
  SELECT greatest(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint, coalesce(max("modified"), 0) + 1)
    INTO next_modified FROM "change_feed" WHERE "feed" = p_feed;
  INSERT INTO "change_feed" ("feed", "item_id", "modified", "deleted") VALUES (p_feed, p_item_id, next_modified, p_deleted)
    ON CONFLICT ("feed", "item_id") DO UPDATE SET "modified" = excluded."modified", "deleted" = excluded."deleted";
END;
$$;
--> statement-breakpoint
-- A named organisation is in the feed; one that withdraws its consent becomes a tombstone; one that
-- was never named never appears.
CREATE FUNCTION "organisations_feed_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."named" THEN
    PERFORM "record_feed_change"('organisations', NEW."id", false);
  ELSIF TG_OP = 'UPDATE' AND OLD."named" THEN
    PERFORM "record_feed_change"('organisations', NEW."id", true);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "organisations_feed" AFTER INSERT OR UPDATE ON "organisations" FOR EACH ROW EXECUTE FUNCTION "organisations_feed_change"();
--> statement-breakpoint
CREATE FUNCTION "releases_feed_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "record_feed_change"('releases', NEW."id"::text, false);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "releases_feed" AFTER INSERT ON "releases" FOR EACH ROW EXECUTE FUNCTION "releases_feed_change"();
--> statement-breakpoint
-- What exists already: named organisations and releases, at their last change.
INSERT INTO "change_feed" ("feed", "item_id", "modified", "deleted")
  SELECT 'organisations', "id", floor(extract(epoch FROM "updated_at") * 1000)::bigint, false FROM "organisations" WHERE "named";
--> statement-breakpoint
INSERT INTO "change_feed" ("feed", "item_id", "modified", "deleted")
  SELECT 'releases', "id"::text, floor(extract(epoch FROM "published_at") * 1000)::bigint, false FROM "releases";
