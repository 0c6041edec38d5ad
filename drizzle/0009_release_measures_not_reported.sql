-- Whether every figure in a cell reported attendances, sessions or volunteers, so a measure one
-- organisation left out is published as "not reported" instead of a sum that reads as complete.
-- Rows of earlier releases keep null here (they counted a missing measure as 0, and a release never
-- changes); a column added without a default rewrites no row and fires no append-only trigger.
ALTER TABLE "release_cells" ADD COLUMN "attendances_reported" boolean;--> statement-breakpoint
ALTER TABLE "release_cells" ADD COLUMN "sessions_reported" boolean;--> statement-breakpoint
ALTER TABLE "release_cells" ADD COLUMN "volunteers_reported" boolean;