CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"organisation_id" text,
	"key_hash" text NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "api_keys_kind_check" CHECK (("api_keys"."kind" = 'admin' and "api_keys"."organisation_id" is null) or ("api_keys"."kind" = 'organisation' and "api_keys"."organisation_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"api_key_id" text,
	"organisation_id" text,
	"action" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "figure_revisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "figure_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"figure_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"participants" integer,
	"attendances" integer,
	"sessions" integer,
	"volunteers" integer,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "figure_revisions_values_check" CHECK ("figure_revisions"."withdrawn" or "figure_revisions"."participants" is not null),
	CONSTRAINT "figure_revisions_range_check" CHECK (coalesce("figure_revisions"."participants", 0) between 0 and 10000000 and coalesce("figure_revisions"."attendances", 0) between 0 and 10000000
        and coalesce("figure_revisions"."sessions", 0) between 0 and 10000000 and coalesce("figure_revisions"."volunteers", 0) between 0 and 10000000)
);
--> statement-breakpoint
CREATE TABLE "figures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" text NOT NULL,
	"activity_id" text NOT NULL,
	"area_code" text NOT NULL,
	"period" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "figures_key_unique" UNIQUE("organisation_id","activity_id","area_code","period"),
	CONSTRAINT "figures_period_check" CHECK ("figures"."period" ~ '^[0-9]{4}(-[0-9]{2}|-Q[1-4])?$')
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" text NOT NULL,
	"api_key_id" text,
	"idempotency_key" text,
	"request_hash" text,
	"response_status" integer,
	"response_body" jsonb,
	"figure_count" integer NOT NULL,
	"format" text NOT NULL,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "submissions_idempotency_key_unique" UNIQUE("organisation_id","idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "figure_revisions" ADD CONSTRAINT "figure_revisions_figure_id_figures_id_fk" FOREIGN KEY ("figure_id") REFERENCES "public"."figures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "figure_revisions" ADD CONSTRAINT "figure_revisions_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "figures" ADD CONSTRAINT "figures_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "figures" ADD CONSTRAINT "figures_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "figures" ADD CONSTRAINT "figures_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_organisation_id_idx" ON "api_keys" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "audit_log_organisation_id_idx" ON "audit_log" USING btree ("organisation_id","id");--> statement-breakpoint
CREATE INDEX "figure_revisions_figure_id_idx" ON "figure_revisions" USING btree ("figure_id","id");--> statement-breakpoint
CREATE INDEX "figure_revisions_submission_id_idx" ON "figure_revisions" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "figures_period_idx" ON "figures" USING btree ("period");--> statement-breakpoint
CREATE INDEX "submissions_organisation_id_idx" ON "submissions" USING btree ("organisation_id","created_at");