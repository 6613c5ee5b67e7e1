-- The ledger (docs/architecture.md#ledger-and-servability).
-- Runs on PostgreSQL (deployments) and H2 in PostgreSQL mode (standalone): keep it portable.
-- Migration numbers: V1-V9 core, V10-V19 changelog-poller, V20-V29 fetcher-service,
-- V30-V39 index-server, V40+ admin/repair. Each table names its only writer.

-- Writer: changelog-poller. Every journal entry of a mirrored project, plus one initial entry
-- per project from the initial sync.
CREATE TABLE changelog_entry (
    serial      BIGINT        NOT NULL PRIMARY KEY,
    project     VARCHAR(200)  NOT NULL,
    version     VARCHAR(400),
    action      VARCHAR(2000) NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- A page version stamped in [serial, accept_upto] satisfies this entry. Equal to serial
    -- (exact match) except for initial-sync entries, whose listing may lag: there it is S0.
    accept_upto BIGINT        NOT NULL,
    CONSTRAINT changelog_entry_accept CHECK (accept_upto >= serial)
);
CREATE INDEX changelog_entry_project_serial ON changelog_entry (project, serial);

-- Writer: changelog-poller. Transactional outbox: a row is inserted with its ledger entry in the
-- same transaction and deleted once the event is acknowledged by Kafka (acks=all).
CREATE TABLE changelog_outbox (
    serial BIGINT NOT NULL PRIMARY KEY
);

-- Writer: changelog-poller. A single row (id = 1).
CREATE TABLE poller_state (
    id                   INT    NOT NULL PRIMARY KEY,
    cursor_serial        BIGINT NOT NULL,
    -- No snapshot below the floor is ever published (docs/architecture.md#initial-sync).
    ledger_floor         BIGINT NOT NULL,
    upstream_last_serial BIGINT NOT NULL,
    initial_projects     BIGINT NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT poller_state_single_row CHECK (id = 1)
);

-- Writer: fetcher-service. A page of project whose upstream X-PyPI-Last-Serial was exactly
-- serial, fully landed: its existence implies every object it references is stored.
CREATE TABLE page_version (
    project      VARCHAR(200)  NOT NULL,
    serial       BIGINT        NOT NULL,
    state        VARCHAR(8)    NOT NULL,
    html_key     VARCHAR(1024),
    json_key     VARCHAR(1024),
    file_count   INT           NOT NULL,
    total_bytes  BIGINT        NOT NULL,
    -- Stall breaker (visible relaxation): the stamp of the page recorded here in place of serial.
    relaxed_from BIGINT,
    landed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (project, serial),
    CONSTRAINT page_version_state CHECK (state IN ('PRESENT', 'DELETED'))
);

-- Writer: index-server (the snapshot publisher, one at a time). Published cuts, monotonic.
CREATE TABLE snapshot (
    serial         BIGINT NOT NULL PRIMARY KEY,
    published_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    projects       BIGINT NOT NULL,
    files          BIGINT NOT NULL,
    total_bytes    BIGINT NOT NULL,
    index_html_key VARCHAR(1024) NOT NULL,
    index_json_key VARCHAR(1024) NOT NULL
);
