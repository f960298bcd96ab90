package dev.flashsale.core.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The long run: {@code schedules} seeded runs spread over the worlds, printing schedules explored per second and,
 * for each failure, the invariant broken, the world, the seed and the shrunk schedule (the first few of each kind
 * shrunk and printed, the rest counted). {@code java ... Soak [schedules] [firstSeed] [worlds|survived|findings|all]}.
 */
public final class Soak {

    /** What a soak found. */
    record Result(long schedules, double perSecond, Map<String, Long> violations, List<String> reports) {
    }

    private static final int SHRUNK_PER_KIND = 2;

    private Soak() {
    }

    public static void main(String[] args) {
        long schedules = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        String worlds = args.length > 2 ? args[2] : "survived";
        Result result = run(schedules, seed, worlds, System.out::println);
        System.exit(result.violations().isEmpty() ? 0 : 1);
    }

    static Map<String, Shape> worlds(String which) {
        Map<String, Shape> chosen = new LinkedHashMap<>();
        if (which.equals("survived") || which.equals("all")) {
            chosen.putAll(Worlds.SURVIVED);
        }
        if (which.equals("findings") || which.equals("all")) {
            chosen.putAll(Worlds.FINDINGS);
        }
        if (chosen.isEmpty()) {
            for (String name : which.split(",")) {
                chosen.put(name, Worlds.named(name));
            }
        }
        return chosen;
    }

    static Result run(long schedules, long firstSeed, String which, java.util.function.Consumer<String> out) {
        Map<String, Shape> worlds = worlds(which);
        List<Map.Entry<String, Shape>> each = new ArrayList<>(worlds.entrySet());
        Map<String, Long> violations = new LinkedHashMap<>();
        List<String> reports = new ArrayList<>();
        out.accept("soak: " + schedules + " schedules from seed " + firstSeed + " over " + worlds.keySet()
                + (Carrier.virtual() ? " (virtual threads)" : " (platform threads)"));
        long started = System.nanoTime();
        long lastReport = started;
        for (long i = 0; i < schedules; i++) {
            Map.Entry<String, Shape> world = each.get((int) (i % each.size()));
            long seed = firstSeed + i;
            Simulation.Run run = Simulation.run(world.getValue(), seed);
            if (run.violation().isPresent()) {
                String kind = world.getKey() + " " + run.violation().get().invariant();
                long seen = violations.merge(kind, 1L, Long::sum);
                out.accept("VIOLATION " + kind + " seed=" + seed + ": " + run.violation().get());
                if (seen <= SHRUNK_PER_KIND) {
                    String report = "world " + world.getKey() + "\n" + Simulation.shrink(run, 300).report();
                    reports.add(report);
                    out.accept(report);
                }
            }
            long now = System.nanoTime();
            if (now - lastReport > 10_000_000_000L) {
                lastReport = now;
                out.accept(String.format("  %d schedules, %.0f/s, violations %s", i + 1,
                        (i + 1) / ((now - started) / 1e9), violations));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double perSecond = schedules / seconds;
        out.accept(String.format("soak done: %d schedules in %.1f s, %.0f schedules/s, violations %s", schedules,
                seconds, perSecond, violations.isEmpty() ? "none" : violations));
        return new Result(schedules, perSecond, violations, reports);
    }
}
