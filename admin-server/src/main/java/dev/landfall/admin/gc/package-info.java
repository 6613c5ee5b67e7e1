/**
 * Garbage collection (one at a time, leader lock role {@code landfall-gc}): deletes snapshot rows and root indexes
 * outside retention, page_version rows and page objects no retained snapshot references, and files no live page
 * lists — never what a retained snapshot or an in-flight landing references. Writes gc_candidate.
 */
@NullMarked
package dev.landfall.admin.gc;

import org.jspecify.annotations.NullMarked;
