/** PEP 503 project names: the key of every ledger row, Kafka record and storage prefix. */
@NullMarked
package dev.landfall.common.project;

import org.jspecify.annotations.NullMarked;
