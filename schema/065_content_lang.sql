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

-- A price category's name at a venue ("Stalls" for the seats of category A),
-- in the same way: name is the one every language falls back to (NULL: the
-- page says "Category A").  The category is the venue's (seats.category),
-- so its name is too; the seat map shows it, hence the version triggers.
CREATE TABLE venue_categories (
  venue_id  BIGINT UNSIGNED NOT NULL,
  category  VARCHAR(20) NOT NULL,
  name      VARCHAR(60) NULL,
  name_en   VARCHAR(60) NULL,
  name_ru   VARCHAR(60) NULL,
  name_kk   VARCHAR(60) NULL,
  PRIMARY KEY (venue_id, category),
  CONSTRAINT venue_categories_venue_fk FOREIGN KEY (venue_id) REFERENCES venues (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER categories_map_ins AFTER INSERT ON venue_categories FOR EACH ROW
  UPDATE events SET seatmap_version = seatmap_version + 1 WHERE venue_id = NEW.venue_id;
CREATE TRIGGER categories_map_upd AFTER UPDATE ON venue_categories FOR EACH ROW
  UPDATE events SET seatmap_version = seatmap_version + 1
  WHERE venue_id IN (OLD.venue_id, NEW.venue_id);
