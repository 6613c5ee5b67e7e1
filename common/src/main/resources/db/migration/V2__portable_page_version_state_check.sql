-- Replaces V1's page_version_state check (state IN ('PRESENT', 'DELETED')).
-- Why: H2 2.4 (standalone's database) evaluates an IN list (also an OR of equalities, which it
-- rewrites to IN) in a CHECK constraint with the session that created the constraint; once that
-- session is closed (Flyway's connection, or a pooled connection retired later) EVERY insert fails
-- with "Check constraint invalid ... The database has been closed". A CASE expression is not
-- rewritten and behaves the same on PostgreSQL and H2. LedgerMigrationIT guards this.
-- Do not write "IN (...)" or "a = x OR a = y" in CHECK constraints of later migrations either.
ALTER TABLE page_version DROP CONSTRAINT page_version_state;
ALTER TABLE page_version ADD CONSTRAINT page_version_state
    CHECK (CASE WHEN state = 'PRESENT' THEN 1 WHEN state = 'DELETED' THEN 1 ELSE 0 END = 1);
