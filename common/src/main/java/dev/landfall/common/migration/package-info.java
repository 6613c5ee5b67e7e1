/** The migrate-only entry point used by deployments to apply the ledger schema before services start. */
@NullMarked
package dev.landfall.common.migration;

import org.jspecify.annotations.NullMarked;
