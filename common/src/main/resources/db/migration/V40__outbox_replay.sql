-- Replay for repair (admin API, index-server package dev.landfall.index.admin.replay).
-- Writers of changelog_outbox from here on: changelog-poller (new ledger entries, replay = FALSE) AND the admin
-- API, which inserts rows for EXISTING ledger serials with replay = TRUE (insert-if-absent). Only the poller's
-- OutboxPublisher reads and deletes rows and publishes them, so landfall.changelog.v1 keeps ONE producer; it
-- publishes replay rows with ChangelogEvent.replay = true. The two writers never collide on a serial: the poller
-- only inserts serials it has just added to the ledger, the admin only serials already there.
ALTER TABLE changelog_outbox ADD COLUMN replay BOOLEAN DEFAULT FALSE NOT NULL;
