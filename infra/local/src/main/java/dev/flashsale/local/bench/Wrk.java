package dev.flashsale.local.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code wrk} with a script that counts answers per status and prints exact percentiles (microseconds). */
final class Wrk implements HttpLoad {

    private static final String SCRIPT = """
            wrk.method = os.getenv("BENCH_METHOD")
            local body = os.getenv("BENCH_BODY")
            if body ~= nil and body ~= "" then
              wrk.body = body
              wrk.headers["Content-Type"] = "application/json"
            end
            local authorization = os.getenv("BENCH_AUTHORIZATION")
            if authorization ~= nil and authorization ~= "" then
              wrk.headers["Authorization"] = authorization
            end
            local threads = {}
            function setup(thread) table.insert(threads, thread) end
            function init(args) statuses = {} end
            function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
            function done(summary, latency, requests)
              local parts = {}
              for _, t in ipairs(threads) do
                for k, v in pairs(t:get("statuses")) do table.insert(parts, k .. "=" .. v) end
              end
              io.write("BENCH statuses " .. table.concat(parts, " ") .. "\\n")
              io.write(string.format("BENCH summary %d %d %d\\n", summary.requests, summary.duration,
                summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
              io.write(string.format("BENCH latency %d %f %d %d %d %d\\n", latency.min, latency.mean,
                latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
            end
            """;

    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return "wrk";
    }

    @Override
    public LoadResult run(URI url, String method, String jsonBody, String authorization, int connections,
                          Duration duration)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("flashsale-bench", ".lua");
        try {
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(List.of("wrk", "-t2", "-c" + connections,
                    "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "10s", "-s", script.toString(),
                    url.toString())).redirectErrorStream(true);
            builder.environment().put("BENCH_METHOD", method);
            builder.environment().put("BENCH_BODY", jsonBody == null ? "" : jsonBody);
            builder.environment().put("BENCH_AUTHORIZATION", authorization == null ? "" : authorization);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("wrk failed: " + output);
            }
            return parse(output);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Reads the script's three BENCH lines. */
    static LoadResult parse(String output) {
        Map<Integer, Long> statuses = new HashMap<>();
        long requests = 0;
        double seconds = 0;
        Latency latency = Latency.NONE;
        for (String line : output.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length < 2 || !words[0].equals("BENCH")) {
                continue;
            }
            switch (words[1]) {
                case "statuses" -> {
                    for (int i = 2; i < words.length; i++) {
                        String[] pair = words[i].split("=");
                        statuses.merge(Integer.parseInt(pair[0]), Long.parseLong(pair[1]), Long::sum);
                    }
                }
                case "summary" -> {
                    requests = Long.parseLong(words[2]);
                    seconds = Long.parseLong(words[3]) / 1e6;
                }
                case "latency" -> latency = new Latency(requests, Double.parseDouble(words[3]) / 1000,
                        Long.parseLong(words[4]) / 1000.0, Long.parseLong(words[5]) / 1000.0,
                        Long.parseLong(words[6]) / 1000.0, Long.parseLong(words[7]) / 1000.0);
                default -> {
                }
            }
        }
        if (seconds == 0) {
            throw new IllegalStateException("wrk printed no summary: " + output);
        }
        return new LoadResult("wrk", seconds, requests, statuses, latency);
    }
}
