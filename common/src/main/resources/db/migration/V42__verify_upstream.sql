-- Writer: the admin API (index-server). Whether a verify run also compares each project's newest page version with
-- upstream's current page (the optional "upstream" check).
ALTER TABLE verify_run ADD COLUMN upstream BOOLEAN DEFAULT FALSE NOT NULL;
