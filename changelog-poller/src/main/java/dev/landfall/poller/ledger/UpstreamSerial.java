package dev.landfall.poller.ledger;

import dev.landfall.common.project.ProjectName;

/** One upstream_project row: a project's newest upstream serial, and whether that row left it existing. */
public record UpstreamSerial(ProjectName project, long serial, boolean present) {
}
