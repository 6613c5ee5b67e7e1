-- Team views (README "Team views"): what /t/<view>/simple/ shows, a base snapshot filtered by a policy.
-- Writer: admin-server only (its /admin/views API and, at start, the landfall.views.* properties seed).
-- Reader: index-server (dev.landfall.common.view.ViewReads). Portable (PostgreSQL and H2 in PostgreSQL mode).
-- List columns hold one entry per line ('' = empty list). Private projects will get their own table keyed by name.
CREATE TABLE team_view (
    name                VARCHAR(64)   NOT NULL PRIMARY KEY,
    base                VARCHAR(64)   NOT NULL,
    allow_patterns      VARCHAR(8000) NOT NULL,
    block_patterns      VARCHAR(8000) NOT NULL,
    exclude_prereleases BOOLEAN       NOT NULL,
    exclude_platforms   VARCHAR(2000) NOT NULL,
    -- hide files uploaded less than this many seconds before W's time (0 = no cooldown)
    cooldown_seconds    BIGINT        NOT NULL,
    -- 'api' or 'properties' (the seed): who last wrote the row
    source              VARCHAR(16)   NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by          VARCHAR(200)  NOT NULL,
    CONSTRAINT team_view_cooldown CHECK (cooldown_seconds >= 0)
);
