-- The current value of every figure: its latest revision, unless that revision withdrew it.
CREATE VIEW "current_figures" AS
SELECT f."id" AS "figure_id", f."organisation_id", f."activity_id", f."area_code", f."period",
       r."id" AS "revision_id", r."submission_id", r."participants", r."attendances", r."sessions", r."volunteers",
       r."created_at" AS "revised_at"
FROM "figures" f
JOIN LATERAL (
  SELECT * FROM "figure_revisions" r WHERE r."figure_id" = f."id" ORDER BY r."id" DESC LIMIT 1
) r ON true
WHERE NOT r."withdrawn";
--> statement-breakpoint
-- History is append-only: the database itself refuses to change or remove it.
CREATE FUNCTION "refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: this table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "figures_append_only" BEFORE UPDATE OR DELETE ON "figures" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "figure_revisions_append_only" BEFORE UPDATE OR DELETE ON "figure_revisions" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "submissions_append_only" BEFORE UPDATE OR DELETE ON "submissions" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "refuse_change"();
