CREATE TABLE "area_populations" (
	"area_code" text NOT NULL,
	"year" integer NOT NULL,
	"total" integer NOT NULL,
	"age_0_15" integer NOT NULL,
	"age_16_64" integer NOT NULL,
	"age_65_plus" integer NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "area_populations_area_code_year_pk" PRIMARY KEY("area_code","year")
);
--> statement-breakpoint
CREATE TABLE "areas" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_welsh" text,
	"type" text NOT NULL,
	"parent_code" text,
	"vintage" text NOT NULL,
	CONSTRAINT "areas_type_check" CHECK ("areas"."type" in ('country', 'region', 'lad', 'ward')),
	CONSTRAINT "areas_code_check" CHECK ("areas"."code" ~ '^[A-Z][0-9]{8}$')
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"definition" text,
	"uri" text,
	"openactive_id" uuid,
	"alt_labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_id_check" CHECK ("activities"."id" ~ '^[a-z0-9][a-z0-9_]{0,79}$'),
	CONSTRAINT "activities_source_check" CHECK ("activities"."source" in ('openactive', 'local'))
);
--> statement-breakpoint
CREATE TABLE "activity_parents" (
	"activity_id" text NOT NULL,
	"parent_id" text NOT NULL,
	CONSTRAINT "activity_parents_activity_id_parent_id_pk" PRIMARY KEY("activity_id","parent_id"),
	CONSTRAINT "activity_parents_not_self" CHECK ("activity_parents"."activity_id" <> "activity_parents"."parent_id")
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"identifiers" text[] DEFAULT '{}'::text[] NOT NULL,
	"home_area_code" text,
	"named" boolean DEFAULT false NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_id_check" CHECK ("organisations"."id" ~ '^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$')
);
--> statement-breakpoint
CREATE TABLE "reference_loads" (
	"dataset" text PRIMARY KEY NOT NULL,
	"checksum" text NOT NULL,
	"rows" integer NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "area_populations" ADD CONSTRAINT "area_populations_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "areas" ADD CONSTRAINT "areas_parent_code_areas_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_parents" ADD CONSTRAINT "activity_parents_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_parents" ADD CONSTRAINT "activity_parents_parent_id_activities_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_home_area_code_areas_code_fk" FOREIGN KEY ("home_area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "areas_parent_code_idx" ON "areas" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "areas_type_idx" ON "areas" USING btree ("type","code");--> statement-breakpoint
CREATE INDEX "activity_parents_parent_id_idx" ON "activity_parents" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "organisations_home_area_code_idx" ON "organisations" USING btree ("home_area_code");