/** The embedded single-node KRaft broker of the standalone mirror. */
@NullMarked
package dev.landfall.standalone.kafka;

import org.jspecify.annotations.NullMarked;
