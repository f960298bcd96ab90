package dev.flashsale.adapters.observability;

import jakarta.inject.Singleton;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured log and metric lines: one JSON object per line on standard output, which Lambda sends to
 * CloudWatch Logs (and CloudWatch turns embedded-metric-format lines into metrics).
 */
@Singleton
public class JsonLines {

    public void write(Map<String, ?> fields) {
        StringBuilder line = new StringBuilder(128).append('{');
        fields.forEach((name, value) -> {
            if (line.length() > 1) {
                line.append(',');
            }
            line.append(quote(name)).append(':').append(value(value));
        });
        PrintStream out = System.out;
        out.println(line.append('}'));
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
