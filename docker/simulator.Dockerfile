# syntax=docker/dockerfile:1
# The PyPI stand-in (pypi-simulator) as a container, for the offline compose profile `simulator`.
# Build from the repository root after `./mvnw -B package -DskipTests` (the plain jar's manifest
# puts target/lib on the class path).
FROM eclipse-temurin:21-jre

RUN set -eux; \
    groupadd --system --gid 10001 landfall; \
    useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin landfall

WORKDIR /app
COPY --chown=0:0 pypi-simulator/target/lib/ /app/lib/
COPY --chown=0:0 pypi-simulator/target/pypi-simulator.jar /app/pypi-simulator.jar

USER 10001:10001
EXPOSE 8800
# The simulator binds 127.0.0.1 by default; other containers reach it only with --host=0.0.0.0.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/pypi-simulator.jar"]
CMD ["--host=0.0.0.0", "--port=8800", "--seed=1", "--projects=500"]
