package dev.flashsale.local.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The opening spike over time as one self-contained HTML file (inline SVG, no script, nothing fetched): per
 * backend, admitted per second and the answers' p50/p99 latency, in 100 ms slices.
 */
final class SpikePlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 220;
    private static final int LEFT = 70;
    private static final int BOTTOM = 30;

    private SpikePlot() {
    }

    static String html(String title, Map<String, List<OpeningSpike.Slice>> timelines, String note) {
        StringBuilder out = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><title>%s</title><style>
                body{font:14px system-ui,sans-serif;margin:24px;color:#222;background:#fff}
                h1{font-size:20px}h2{font-size:16px;margin:18px 0 4px}p{color:#555;max-width:900px}
                svg{display:block;margin-bottom:8px}.axis{stroke:#999}.grid{stroke:#eee}
                text{font-size:11px;fill:#555}</style></head><body>
                <h1>%s</h1><p>%s</p>
                """.formatted(escape(title), escape(title), escape(note)));
        timelines.forEach((backend, slices) -> {
            double seconds = slices.isEmpty() ? 1 : slices.get(slices.size() - 1).fromSeconds()
                    + OpeningSpike.SLICE_SECONDS;
            double[] admitted = slices.stream().mapToDouble(s -> s.admitted() / OpeningSpike.SLICE_SECONDS).toArray();
            double[] p50 = slices.stream().mapToDouble(OpeningSpike.Slice::p50Ms).toArray();
            double[] p99 = slices.stream().mapToDouble(OpeningSpike.Slice::p99Ms).toArray();
            out.append("<h2>").append(escape(backend)).append(": admitted per second</h2>");
            out.append(chart(seconds, new double[][]{admitted}, new String[]{"#1f77b4"}, "admitted/s"));
            out.append("<h2>").append(escape(backend))
                    .append(": latency of the answers completed in each 100 ms (p50 blue, p99 red), ms</h2>");
            out.append(chart(seconds, new double[][]{p50, p99}, new String[]{"#1f77b4", "#d62728"}, "ms"));
        });
        return out.append("</body></html>\n").toString();
    }

    private static String chart(double seconds, double[][] series, String[] colours, String unit) {
        double max = 1;
        for (double[] values : series) {
            for (double v : values) {
                max = Math.max(max, v);
            }
        }
        max = niceCeiling(max);
        int plotWidth = WIDTH - LEFT - 10;
        int plotHeight = HEIGHT - BOTTOM - 10;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        for (int i = 0; i <= 4; i++) {
            double y = 10 + plotHeight - plotHeight * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
                    LEFT, LEFT + plotWidth, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, y + 4, BenchTable.number(max * i / 4)));
        }
        int ticks = (int) Math.min(10, Math.ceil(seconds));
        for (int i = 0; i <= ticks; i++) {
            double t = seconds * i / ticks;
            double x = LEFT + plotWidth * t / seconds;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f s</text>",
                    x, HEIGHT - 10, t));
        }
        svg.append(String.format(Locale.ROOT,
                "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/><text x=\"%d\" y=\"10\">%s</text>",
                LEFT, LEFT + plotWidth, 10 + plotHeight, 10 + plotHeight, LEFT + 4, unit));
        for (int s = 0; s < series.length; s++) {
            StringBuilder points = new StringBuilder();
            double[] values = series[s];
            for (int i = 0; i < values.length; i++) {
                double x = LEFT + plotWidth * (i + 0.5) * OpeningSpike.SLICE_SECONDS / seconds;
                double y = 10 + plotHeight - plotHeight * values[i] / max;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colours[s])
                    .append("\" points=\"").append(points.toString().trim()).append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[]{1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
