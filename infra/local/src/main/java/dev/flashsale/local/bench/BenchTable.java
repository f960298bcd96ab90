package dev.flashsale.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench's one table: every figure beside the limit that bounds it, measured in the same run, their ratio,
 * and the target where there is one. Printed as text and written as JSON.
 */
public final class BenchTable {

    /**
     * One figure. {@code limit} is null when nothing measured bounds it; {@code met} is null when it has no
     * target.
     */
    public record Row(String backend, String scenario, String figure, double value, String unit, String boundBy,
                      Double limit, String target, Boolean met) {

        public Double ratio() {
            return limit == null || limit == 0 ? null : value / limit;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    public void add(Row row) {
        rows.add(row);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public String toText() {
        String[] header = {"backend", "scenario", "figure", "value", "bounded by", "limit", "ratio", "target"};
        List<String[]> lines = new ArrayList<>();
        lines.add(header);
        for (Row row : rows) {
            Double ratio = row.ratio();
            lines.add(new String[]{row.backend(), row.scenario(), row.figure(),
                    Double.isNaN(row.value()) ? "-" : number(row.value()) + " " + row.unit(), row.boundBy() == null ? "" : row.boundBy(),
                    row.limit() == null ? "" : number(row.limit()),
                    ratio == null ? "" : String.format(Locale.ROOT, "%.1f%%", ratio * 100),
                    row.target() == null ? "" : row.target() + (row.met() == null ? "" : row.met() ? " MET" : " MISSED")});
        }
        int[] widths = new int[header.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            String[] line = lines.get(n);
            for (int i = 0; i < line.length; i++) {
                out.append(i == 0 ? "| " : " | ").append(pad(line[i], widths[i], i == 3 || i == 5 || i == 6));
            }
            out.append(" |\n");
            if (n == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "|-" : "-|-").append("-".repeat(widths[i]));
                }
                out.append("-|\n");
            }
        }
        return out.toString();
    }

    public String toJson() {
        StringBuilder out = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            out.append(i == 0 ? "" : ",").append('{')
                    .append("\"backend\":").append(quote(row.backend()))
                    .append(",\"scenario\":").append(quote(row.scenario()))
                    .append(",\"figure\":").append(quote(row.figure()))
                    .append(",\"value\":").append(json(row.value()))
                    .append(",\"unit\":").append(quote(row.unit()))
                    .append(",\"boundBy\":").append(quote(row.boundBy()))
                    .append(",\"limit\":").append(row.limit() == null ? "null" : json(row.limit()))
                    .append(",\"ratio\":").append(row.ratio() == null ? "null" : json(row.ratio()))
                    .append(",\"target\":").append(quote(row.target()))
                    .append(",\"met\":").append(row.met() == null ? "null" : row.met().toString())
                    .append('}');
        }
        return out.append("]}").toString();
    }

    /** A figure as people read it: three significant digits, thousands grouped. */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) >= 1) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (Math.abs(value) >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String json(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
    }

    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }
}
