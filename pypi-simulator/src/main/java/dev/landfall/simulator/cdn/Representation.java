package dev.landfall.simulator.cdn;

/** The separately cached representations of a project's page (render-cache slot = ordinal). */
public enum Representation {
    SIMPLE_JSON,
    SIMPLE_HTML,
    JSON_API
}
