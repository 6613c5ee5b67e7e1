/**
 * The fault and load campaign: runs the deployment shape on this machine (simulator, Kafka, PostgreSQL,
 * an S3-API server, one poller, two fetchers, two index servers — each its own process, infrastructure
 * behind TCP fault proxies), injects faults from a seed, crawls and loads the index servers meanwhile,
 * and checks the mirror's promises afterwards. Owns no table or topic; reads them to check.
 */
@NullMarked
package dev.landfall.chaos;

import org.jspecify.annotations.NullMarked;
