/**
 * Offline checks of the deployment files (docker-compose.yml, docker/, helm/landfall): schema and
 * Kubernetes-model validation, security and wiring rules, and that every environment variable a
 * deployment sets is a property the service really binds. No Docker engine or cluster needed.
 */
@NullMarked
package dev.landfall.deployment;

import org.jspecify.annotations.NullMarked;
