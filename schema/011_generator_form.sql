-- The hall-plan generator keeps every field after "Generate" (issue 12):
-- the form as sent, as JSON, for the venue page to show again.  Cleared
-- when the plan is replaced otherwise (an import).
ALTER TABLE venues ADD COLUMN gen_form TEXT NULL;
