/** PyPI journal entries (the changelog) and the meaning of their action strings. */
@NullMarked
package dev.landfall.common.journal;

import org.jspecify.annotations.NullMarked;
