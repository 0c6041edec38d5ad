-- A release never changes: the database itself refuses to change or remove published rows.
CREATE TRIGGER "releases_append_only" BEFORE UPDATE OR DELETE ON "releases" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "release_cells_append_only" BEFORE UPDATE OR DELETE ON "release_cells" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "release_breakdown_append_only" BEFORE UPDATE OR DELETE ON "release_breakdown" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "releases_no_truncate" BEFORE TRUNCATE ON "releases" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "release_cells_no_truncate" BEFORE TRUNCATE ON "release_cells" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "release_breakdown_no_truncate" BEFORE TRUNCATE ON "release_breakdown" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
-- Keys are ASCII codes and slugs: byte order ("C") compares them several times faster than a locale
-- when a release is built and indexed, and sorts them the same way.
ALTER TABLE "release_cells" ALTER COLUMN "area_code" TYPE text COLLATE "C", ALTER COLUMN "activity_id" TYPE text COLLATE "C", ALTER COLUMN "period" TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "release_breakdown" ALTER COLUMN "area_code" TYPE text COLLATE "C", ALTER COLUMN "activity_id" TYPE text COLLATE "C", ALTER COLUMN "period" TYPE text COLLATE "C", ALTER COLUMN "organisation_id" TYPE text COLLATE "C";
