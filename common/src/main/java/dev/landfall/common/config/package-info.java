/** Configuration groups shared by several services (upstream, filters); each a validated record. */
@NullMarked
package dev.landfall.common.config;

import org.jspecify.annotations.NullMarked;
