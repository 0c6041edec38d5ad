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
