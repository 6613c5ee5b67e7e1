-- index-server: indexes the snapshot publisher reads by (page_version stays written only by the fetcher).
-- Incremental root index: page versions stamped in (W0, W].
CREATE INDEX page_version_serial ON page_version (serial);
-- Incremental backlog: page versions landed since the last round.
CREATE INDEX page_version_landed_at ON page_version (landed_at);
