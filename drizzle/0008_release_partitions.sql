-- Release rows are partitioned by release. A build writes its rows into tables of its own, with
-- no index to update row by row, indexes them in one pass and attaches them: at a million figures
-- that is most of the build. Old releases keep their rows; one partition each.
ALTER TABLE "release_cells" RENAME TO "release_cells_unpartitioned";
--> statement-breakpoint
ALTER TABLE "release_cells_unpartitioned" RENAME CONSTRAINT "release_cells_key" TO "release_cells_unpartitioned_key";
--> statement-breakpoint
ALTER TABLE "release_breakdown" RENAME TO "release_breakdown_unpartitioned";
--> statement-breakpoint
ALTER TABLE "release_breakdown_unpartitioned" RENAME CONSTRAINT "release_breakdown_key" TO "release_breakdown_unpartitioned_key";
--> statement-breakpoint
ALTER INDEX "release_breakdown_organisation_idx" RENAME TO "release_breakdown_unpartitioned_organisation_idx";
--> statement-breakpoint
CREATE TABLE "release_cells" (
	"release_id" integer NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"activity_id" text COLLATE "C",
	"period" text COLLATE "C" NOT NULL,
	"scope" smallint NOT NULL,
	"participants" integer,
	"attendances" integer,
	"sessions" integer,
	"volunteers" integer,
	"organisations" integer NOT NULL,
	"population" integer,
	"population_year" integer,
	"per_1000" numeric(14, 4),
	CONSTRAINT "release_cells_key" UNIQUE NULLS NOT DISTINCT("release_id","area_code","activity_id","period","scope"),
	CONSTRAINT "release_cells_scope_check" CHECK ("scope" in (0, 1))
) PARTITION BY LIST ("release_id");
--> statement-breakpoint
CREATE TABLE "release_breakdown" (
	"release_id" integer NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"activity_id" text COLLATE "C",
	"period" text COLLATE "C" NOT NULL,
	"organisation_id" text COLLATE "C",
	"organisation_name" text,
	"merged" boolean NOT NULL,
	"participants" integer,
	"organisations" integer NOT NULL,
	"share" numeric(5, 4),
	"rank" integer,
	CONSTRAINT "release_breakdown_key" UNIQUE NULLS NOT DISTINCT("release_id","area_code","activity_id","period","organisation_id")
) PARTITION BY LIST ("release_id");
--> statement-breakpoint
CREATE INDEX "release_breakdown_organisation_idx" ON "release_breakdown" USING btree ("release_id","organisation_id");
--> statement-breakpoint
-- Row triggers on a partitioned table apply to every partition; TRUNCATE triggers do not, so each
-- partition gets its own (the build adds them to new ones).
CREATE TRIGGER "release_cells_append_only" BEFORE UPDATE OR DELETE ON "release_cells" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "release_breakdown_append_only" BEFORE UPDATE OR DELETE ON "release_breakdown" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "release_cells_no_truncate" BEFORE TRUNCATE ON "release_cells" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "release_breakdown_no_truncate" BEFORE TRUNCATE ON "release_breakdown" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
DO $$
DECLARE
	r integer;
BEGIN
	FOR r IN SELECT "id" FROM "releases" ORDER BY "id" LOOP
		EXECUTE format('CREATE TABLE %I PARTITION OF "release_cells" FOR VALUES IN (%s)', 'release_cells_' || r, r);
		EXECUTE format('CREATE TABLE %I PARTITION OF "release_breakdown" FOR VALUES IN (%s)', 'release_breakdown_' || r, r);
		EXECUTE format('CREATE TRIGGER "no_truncate" BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"()', 'release_cells_' || r);
		EXECUTE format('CREATE TRIGGER "no_truncate" BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"()', 'release_breakdown_' || r);
	END LOOP;
END
$$;
--> statement-breakpoint
INSERT INTO "release_cells" SELECT * FROM "release_cells_unpartitioned";
--> statement-breakpoint
INSERT INTO "release_breakdown" SELECT * FROM "release_breakdown_unpartitioned";
--> statement-breakpoint
DROP TABLE "release_cells_unpartitioned";
--> statement-breakpoint
DROP TABLE "release_breakdown_unpartitioned";
