/**
 * Dead letters of the fetcher ({@code landfall.changelog.v1-dlt}): listed and inspected with a group-less consumer
 * (reading never moves anyone's offsets), re-driven as replays through the outbox and recorded in
 * dead_letter_redrive.
 */
@NullMarked
package dev.landfall.admin.deadletter;

import org.jspecify.annotations.NullMarked;
