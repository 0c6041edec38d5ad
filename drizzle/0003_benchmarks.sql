CREATE TABLE "benchmarks" (
	"area_code" text NOT NULL,
	"source" text NOT NULL,
	"indicator_id" text NOT NULL,
	"indicator" text NOT NULL,
	"period" text NOT NULL,
	"value" double precision NOT NULL,
	"unit" text NOT NULL,
	"lower_ci" double precision,
	"upper_ci" double precision,
	"compared_to_england" text,
	CONSTRAINT "benchmarks_area_code_source_indicator_id_period_pk" PRIMARY KEY("area_code","source","indicator_id","period")
);
--> statement-breakpoint
ALTER TABLE "benchmarks" ADD CONSTRAINT "benchmarks_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "benchmarks_indicator_idx" ON "benchmarks" USING btree ("indicator_id","period");