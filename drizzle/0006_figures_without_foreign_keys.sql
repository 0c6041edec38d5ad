ALTER TABLE "figure_revisions" DROP CONSTRAINT "figure_revisions_figure_id_figures_id_fk";
--> statement-breakpoint
ALTER TABLE "figure_revisions" DROP CONSTRAINT "figure_revisions_submission_id_submissions_id_fk";
--> statement-breakpoint
ALTER TABLE "figures" DROP CONSTRAINT "figures_organisation_id_organisations_id_fk";
--> statement-breakpoint
ALTER TABLE "figures" DROP CONSTRAINT "figures_activity_id_activities_id_fk";
--> statement-breakpoint
ALTER TABLE "figures" DROP CONSTRAINT "figures_area_code_areas_code_fk";
