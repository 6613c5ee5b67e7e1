package dev.landfall.simulator.model;

/** A file as the files host knows it: the file and when (wall clock) its upload transaction was applied. */
public record PublishedFile(SimFile file, long publishedAtMillis) {
}
