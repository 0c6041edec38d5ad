-- Figures refer to areas, activities and organisations without foreign keys (0006): instead, no
-- such row may be deleted or have its key changed, so nothing a figure refers to can disappear.
-- Names, labels and other columns still change as usual.
CREATE FUNCTION "refuse_key_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% of a row of % is not allowed: figures may refer to it', CASE TG_OP WHEN 'DELETE' THEN 'DELETE' ELSE 'Changing the key' END, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "areas_permanent" BEFORE DELETE ON "areas" FOR EACH ROW EXECUTE FUNCTION "refuse_key_change"();
--> statement-breakpoint
CREATE TRIGGER "areas_key_permanent" BEFORE UPDATE ON "areas" FOR EACH ROW WHEN (OLD."code" IS DISTINCT FROM NEW."code") EXECUTE FUNCTION "refuse_key_change"();
--> statement-breakpoint
CREATE TRIGGER "activities_permanent" BEFORE DELETE ON "activities" FOR EACH ROW EXECUTE FUNCTION "refuse_key_change"();
--> statement-breakpoint
CREATE TRIGGER "activities_key_permanent" BEFORE UPDATE ON "activities" FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id") EXECUTE FUNCTION "refuse_key_change"();
--> statement-breakpoint
CREATE TRIGGER "organisations_permanent" BEFORE DELETE ON "organisations" FOR EACH ROW EXECUTE FUNCTION "refuse_key_change"();
--> statement-breakpoint
CREATE TRIGGER "organisations_key_permanent" BEFORE UPDATE ON "organisations" FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id") EXECUTE FUNCTION "refuse_key_change"();
--> statement-breakpoint
CREATE TRIGGER "areas_no_truncate" BEFORE TRUNCATE ON "areas" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "activities_no_truncate" BEFORE TRUNCATE ON "activities" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "organisations_no_truncate" BEFORE TRUNCATE ON "organisations" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
