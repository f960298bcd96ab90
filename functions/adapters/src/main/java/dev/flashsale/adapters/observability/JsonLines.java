package dev.flashsale.adapters.observability;

import jakarta.inject.Singleton;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Structured log and metric lines: one JSON object per line on standard output, which Lambda sends to
 * CloudWatch Logs (and CloudWatch turns embedded-metric-format lines into metrics). Every line written during an
 * invocation carries that invocation's ids ({@link #during}), so that one request can be followed across the
 * gateway's access log, the function's lines and its trace.
 */
@Singleton
public class JsonLines {

    /** Thread-bound: the local runner may run several containers' invocations in one JVM at once. */
    private final ThreadLocal<InvocationIds> invocation = new ThreadLocal<>();

    /** Runs one invocation's work with its ids on every line it writes. */
    public <T> T during(InvocationIds ids, Supplier<T> work) {
        InvocationIds outer = invocation.get();
        invocation.set(ids);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                invocation.remove();
            } else {
                invocation.set(outer);
            }
        }
    }

    public void write(Map<String, ?> fields) {
        StringBuilder line = new StringBuilder(160).append('{');
        fields.forEach((name, value) -> field(line, name, value));
        InvocationIds ids = invocation.get();
        if (ids != null) {
            if (ids.requestId() != null) {
                field(line, "requestId", ids.requestId());
            }
            if (ids.apiRequestId() != null) {
                field(line, "apiRequestId", ids.apiRequestId());
            }
            if (ids.traceId() != null) {
                field(line, "traceId", ids.traceId());
            }
        }
        PrintStream out = System.out;
        out.println(line.append('}'));
    }

    private static void field(StringBuilder line, String name, Object value) {
        if (line.length() > 1) {
            line.append(',');
        }
        line.append(quote(name)).append(':').append(value(value));
    }

    /**
     * One operational log line: time, level, event name and the given fields (never a whole event, never
     * personal data in clear).
     */
    public void log(String level, String event, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        line.putAll(fields);
        write(line);
    }

    private static String value(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof RawJson raw) {
            return raw.json();
        }
        return quote(value.toString());
    }

    /** A value that is already JSON (the EMF metadata block). */
    public record RawJson(String json) {
    }

    /**
     * The {@code _aws} block of an embedded-metric-format line: CloudWatch reads the named fields of the same line
     * as metrics (counts) in the {@code Flashsale} namespace, with the named fields as their dimensions.
     */
    public static RawJson metricsBlock(List<String> dimensions, List<String> metrics) {
        StringBuilder json = new StringBuilder("{\"Timestamp\":").append(System.currentTimeMillis())
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"Flashsale\",\"Dimensions\":[[");
        for (int i = 0; i < dimensions.size(); i++) {
            json.append(i == 0 ? "" : ",").append(quote(dimensions.get(i)));
        }
        json.append("]],\"Metrics\":[");
        for (int i = 0; i < metrics.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"Name\":").append(quote(metrics.get(i))).append(",\"Unit\":\"Count\"}");
        }
        return new RawJson(json.append("]}]}").toString());
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
