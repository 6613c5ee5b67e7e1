/** Shared authentication helpers: the per-client limit of failed attempts (admin API and team tokens). */
@NullMarked
package dev.landfall.common.auth;

import org.jspecify.annotations.NullMarked;
