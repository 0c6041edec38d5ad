CREATE TABLE "release_demographics" (
	"release_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"activity_id" text,
	"period" text NOT NULL,
	"dimension" text NOT NULL,
	"band" text NOT NULL,
	"participants" integer,
	CONSTRAINT "release_demographics_key" UNIQUE NULLS NOT DISTINCT("release_id","area_code","activity_id","period","dimension","band")
);
--> statement-breakpoint
ALTER TABLE "figure_revisions" ADD COLUMN "bands" jsonb;--> statement-breakpoint
ALTER TABLE "figure_revisions" ADD CONSTRAINT "figure_revisions_bands_check" CHECK ("figure_revisions"."bands" is null or jsonb_typeof("figure_revisions"."bands") = 'array');--> statement-breakpoint
-- Published demographic cells never change, like the other release tables (migration 0005).
CREATE TRIGGER "release_demographics_append_only" BEFORE UPDATE OR DELETE ON "release_demographics" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "release_demographics_no_truncate" BEFORE TRUNCATE ON "release_demographics" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
