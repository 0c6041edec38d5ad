-- Every figure gets its secret record keys for cell key perturbation (docs/disclosure.md): four
-- independent 8-bit keys in one number, one per measure. The default is volatile, so PostgreSQL
-- rewrites the table and draws keys for each existing row on its own (a constant default would
-- give them all the same); a rewrite fires no append-only row trigger.
ALTER TABLE "figures" ADD COLUMN "record_key" bigint DEFAULT floor(random() * 4294967296)::bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "figures" ADD CONSTRAINT "figures_record_key_check" CHECK ("figures"."record_key" between 0 and 4294967295);