-- Content in three languages (issue 13): an event's name and description,
-- a venue's and a section's name in en, ru and kk.
--
-- The existing column (events.name …) stays the text every reader falls
-- back to: the organiser's own language, or the one they gave.  Beside it
-- one nullable column per language holds a translation exactly as given
-- (NULL: none).  Per-language columns rather than a translations table:
-- the languages are a fixed three, the listing and the event page stay one
-- query each with no join and no extra row lookups (statements select
-- X__en/X__ru/X__kk beside X and db/db.c picks the visitor's, see
-- dbres_localise), and search reads them in the same row.
ALTER TABLE events
  ADD COLUMN name_en VARCHAR(200) NULL AFTER name,
  ADD COLUMN name_ru VARCHAR(200) NULL AFTER name_en,
  ADD COLUMN name_kk VARCHAR(200) NULL AFTER name_ru,
  ADD COLUMN description_en TEXT NULL AFTER description,
  ADD COLUMN description_ru TEXT NULL AFTER description_en,
  ADD COLUMN description_kk TEXT NULL AFTER description_ru;

ALTER TABLE venues
  ADD COLUMN name_en VARCHAR(200) NULL AFTER name,
  ADD COLUMN name_ru VARCHAR(200) NULL AFTER name_en,
  ADD COLUMN name_kk VARCHAR(200) NULL AFTER name_ru;

-- section renames bump the seat map's version through sections_map_upd (009)
ALTER TABLE venue_sections
  ADD COLUMN name_en VARCHAR(100) NULL AFTER name,
  ADD COLUMN name_ru VARCHAR(100) NULL AFTER name_en,
  ADD COLUMN name_kk VARCHAR(100) NULL AFTER name_ru;
