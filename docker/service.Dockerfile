# syntax=docker/dockerfile:1
# One image recipe for every Landfall service (changelog-poller, fetcher-service, index-server, admin-server).
# Build from the repository root AFTER `./mvnw -B package -DskipTests` has produced the Spring Boot
# executable jar <module>/target/<module>-exec.jar:
#   docker build -f docker/service.Dockerfile --build-arg MODULE=index-server --build-arg PORT=8080 \
#                -t landfall/index-server:dev .
# The jar is built outside the image on purpose: the Maven build (and its tests) is the single
# source of truth, and the image stays a thin runtime layer.
FROM eclipse-temurin:21-jre

# Which module's jar to run, and the port it listens on (HTTP and Actuator share it).
ARG MODULE
ARG PORT=8080

# curl: the compose health check calls /actuator/health/readiness from inside the container.
# A fixed numeric non-root user, so Kubernetes' runAsNonRoot can verify it without a passwd lookup.
RUN set -eux; \
    test -n "${MODULE}"; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl; \
    rm -rf /var/lib/apt/lists/*; \
    groupadd --system --gid 10001 landfall; \
    useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin landfall

WORKDIR /app
COPY --chown=0:0 --chmod=0444 ${MODULE}/target/${MODULE}-exec.jar /app/app.jar

# Only /tmp is written at run time (embedded web server work dirs); Kubernetes mounts an
# emptyDir there because the root filesystem is read-only.
USER 10001:10001
EXPOSE ${PORT}

# Heap follows the container's memory limit; an OOM kills the JVM so the orchestrator restarts
# it instead of leaving a half-working process. Extra JVM flags: JDK_JAVA_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/app/app.jar"]
