package dev.landfall.simulator.http;

import dev.landfall.simulator.Faults;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /_sim/} control and oracle endpoints (never faulted): oracle, coupled, advance, churn, faults,
 * project-fault, state.
 */
final class ControlEndpoints {

    private final Control control;
    private final JsonMapper json;

    ControlEndpoints(Control control, JsonMapper json) {
        this.control = control;
        this.json = json;
    }

    void serve(Request request, Response response, Callback callback, String path) throws Exception {
        Fields q = Request.extractQueryParameters(request);
        boolean post = request.getMethod().equals("POST");
        try {
            switch (path) {
                case "/_sim/oracle" -> Responses.json(response, callback, 200,
                        control.oracleJson(longParam(q, "serial", control.lastSerial())));
                case "/_sim/coupled" -> Responses.json(response, callback, 200,
                        control.coupledJson(longParam(q, "serial", control.lastSerial())));
                case "/_sim/state" -> Responses.json(response, callback, 200, state());
                case "/_sim/advance" -> {
                    requirePost(post);
                    long s = control.advance((int) longParam(q, "n", 1));
                    Responses.json(response, callback, 200, bytes("{\"lastSerial\":" + s + "}"));
                }
                case "/_sim/churn" -> {
                    requirePost(post);
                    control.setChurnPerSecond(doubleParam(q, "perSecond", null, control.churnPerSecond()));
                    Responses.json(response, callback, 200, bytes("{\"perSecond\":" + control.churnPerSecond() + "}"));
                }
                case "/_sim/faults" -> {
                    if (post) {
                        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                        JsonNode node = body.isBlank() ? null : json.readTree(body);
                        control.setFaults(merge(control.faults(), q, node));
                    }
                    Responses.json(response, callback, 200, faultsJson(control.faults()));
                }
                case "/_sim/project-fault" -> {
                    requirePost(post);
                    String project = q.getValue("project");
                    if (project == null || project.isBlank()) {
                        throw new IllegalArgumentException("project is required");
                    }
                    int status = (int) longParam(q, "status", 500);
                    long seconds = longParam(q, "seconds", 30);
                    control.forceProjectStatus(project, status, Duration.ofSeconds(seconds));
                    Responses.json(response, callback, 200, bytes("{\"project\":\"" + project + "\",\"status\":"
                            + status + ",\"seconds\":" + seconds + "}"));
                }
                default -> Responses.text(response, callback, 404, "Unknown control endpoint " + path);
            }
        } catch (IllegalArgumentException | JacksonException e) {
            Responses.json(response, callback, 400, bytes("{\"error\":" + json.writeValueAsString(
                    String.valueOf(e.getMessage())) + "}"));
        }
    }

    private byte[] state() {
        return bytes("{\"lastSerial\":" + control.lastSerial() + ",\"projects\":" + control.existingProjects()
                + ",\"churnPerSecond\":" + control.churnPerSecond() + "}");
    }

    private static void requirePost(boolean post) {
        if (!post) {
            throw new IllegalArgumentException("use POST");
        }
    }

    private static long longParam(Fields q, String name, long fallback) {
        String v = q.getValue(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer: " + v);
        }
    }

    private static double doubleParam(Fields q, String name, @Nullable JsonNode node, double fallback) {
        String v = q.getValue(name);
        if (v != null && !v.isBlank()) {
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number: " + v);
            }
        }
        if (node != null && node.has(name)) {
            return node.get(name).asDouble();
        }
        return fallback;
    }

    private static Duration millisParam(Fields q, String name, @Nullable JsonNode node, Duration fallback) {
        return Duration.ofMillis((long) doubleParam(q, name, node, fallback.toMillis()));
    }

    /** Applies the given keys (query parameters or a JSON object with {@link #faultsJson} keys) to {@code f}. */
    static Faults merge(Faults f, Fields q, @Nullable JsonNode n) {
        Function<String, Double> d = k -> doubleParam(q, k, n, Double.NaN);
        Faults.Builder b = f.toBuilder();
        double v;
        if (!Double.isNaN(v = d.apply("staleProbability"))) {
            b.staleProbability(v);
        }
        if (!Double.isNaN(v = d.apply("serverErrorRate"))) {
            b.serverErrorRate(v);
        }
        if (!Double.isNaN(v = d.apply("slowRate"))) {
            b.slowRate(v);
        }
        if (!Double.isNaN(v = d.apply("truncateRate"))) {
            b.truncateRate(v);
        }
        if (!Double.isNaN(v = d.apply("corruptRate"))) {
            b.corruptRate(v);
        }
        if (!Double.isNaN(v = d.apply("garbageRate"))) {
            b.garbageRate(v);
        }
        b.staleWindow(millisParam(q, "staleWindowMillis", n, f.staleWindow()));
        b.notFoundWindow(millisParam(q, "notFoundWindowMillis", n, f.notFoundWindow()));
        b.slowDelay(millisParam(q, "slowDelayMillis", n, f.slowDelay()));
        return b.build();
    }

    static byte[] faultsJson(Faults f) {
        return bytes("{\"staleProbability\":" + f.staleProbability()
                + ",\"staleWindowMillis\":" + f.staleWindow().toMillis()
                + ",\"notFoundWindowMillis\":" + f.notFoundWindow().toMillis()
                + ",\"serverErrorRate\":" + f.serverErrorRate()
                + ",\"slowRate\":" + f.slowRate()
                + ",\"slowDelayMillis\":" + f.slowDelay().toMillis()
                + ",\"truncateRate\":" + f.truncateRate()
                + ",\"corruptRate\":" + f.corruptRate()
                + ",\"garbageRate\":" + f.garbageRate() + "}");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
