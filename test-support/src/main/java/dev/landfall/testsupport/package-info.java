/**
 * JUnit 5 extensions that start the REAL infrastructure Landfall's integration tests run against:
 * a fresh PostgreSQL database, an embedded KRaft Kafka broker, an in-JVM S3 server (s3proxy), the
 * PyPI simulator, and pip as a subprocess. Each is also usable by hand via {@code start()}/{@code close()}.
 * {@link dev.landfall.testsupport.MirrorInfrastructure} starts the ones a service test asks for and is the one
 * place their Spring properties are named, for {@code @DynamicPropertySource} and for hand-started contexts alike.
 * Never depends on production modules (common depends on this module for its tests).
 */
@NullMarked
package dev.landfall.testsupport;

import org.jspecify.annotations.NullMarked;
