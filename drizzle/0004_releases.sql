CREATE TABLE "release_breakdown" (
	"release_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"activity_id" text,
	"period" text NOT NULL,
	"organisation_id" text,
	"organisation_name" text,
	"merged" boolean NOT NULL,
	"participants" integer,
	"organisations" integer NOT NULL,
	"share" numeric(5, 4),
	"rank" integer,
	CONSTRAINT "release_breakdown_key" UNIQUE NULLS NOT DISTINCT("release_id","area_code","activity_id","period","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "release_cells" (
	"release_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"activity_id" text,
	"period" text NOT NULL,
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
	CONSTRAINT "release_cells_scope_check" CHECK ("release_cells"."scope" in (0, 1))
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" integer PRIMARY KEY NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"policy" jsonb NOT NULL,
	"counts" jsonb NOT NULL,
	"notes" text,
	"is_demo" boolean NOT NULL
);
--> statement-breakpoint
CREATE INDEX "release_breakdown_organisation_idx" ON "release_breakdown" USING btree ("release_id","organisation_id");