/** Tests of the ledger schema (Flyway migrations in {@code db/migration}) on PostgreSQL and H2. */
@NullMarked
package dev.landfall.common.ledger;

import org.jspecify.annotations.NullMarked;
