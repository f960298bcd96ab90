package dev.flashsale.core.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs the protocol's world from a seed, and shrinks a failing run to a small schedule that fails the same way:
 * first the shape (fewer shoppers, fewer requests, behaviours off, trying a few seeds each), then the run's own
 * sequence of choices (chunks dropped, numbers zeroed: zero is the plain choice), replayed each time. A failure
 * is reported with its seed, its shape and the shrunk schedule, step by step; the schedule's choices replay it.
 */
final class Simulation {

    /** One run's result. */
    record Run(Shape shape, long seed, int[] choices, Optional<Violation> violation, long steps) {
    }

    /** A failure, shrunk. */
    record Failure(Run original, Run shrunk, List<String> schedule) {

        String report() {
            StringBuilder out = new StringBuilder();
            out.append("VIOLATION ").append(original.violation().orElseThrow().invariant())
                    .append(" seed=").append(original.seed()).append('\n')
                    .append("  first seen: ").append(original.violation().orElseThrow()).append('\n')
                    .append("  shape: ").append(original.shape()).append('\n')
                    .append("  shrunk to: ").append(shrunk.shape()).append(" seed=").append(shrunk.seed())
                    .append(", ").append(shrunk.choices().length).append(" choices, ").append(shrunk.steps())
                    .append(" steps\n")
                    .append("  shrunk violation: ").append(shrunk.violation().orElseThrow()).append('\n')
                    .append("  replay: Simulation.replay(shape, new int[] {")
                    .append(Arrays.stream(shrunk.choices()).mapToObj(Integer::toString)
                            .collect(Collectors.joining(","))).append("})\n")
                    .append("  schedule:\n");
            for (String line : schedule) {
                out.append("    ").append(line).append('\n');
            }
            return out.toString();
        }
    }

    private Simulation() {
    }

    static Run run(Shape shape, long seed) {
        return finish(shape, seed, Choices.seeded(seed), false).run;
    }

    static Run replay(Shape shape, int[] choices) {
        return finish(shape, -1, Choices.replaying(choices), false).run;
    }

    private record Traced(Run run, Trace trace) {
    }

    private static Traced finish(Shape shape, long seed, Choices choices, boolean trace) {
        return Carrier.call(() -> {
            ProtocolWorld world = new ProtocolWorld(shape, choices, trace);
            Optional<Violation> violation = world.run();
            return new Traced(new Run(shape, seed, choices.made(), violation, world.scheduler.steps()), world.trace());
        });
    }

    /** Shrinks a failing run within {@code budget} re-runs. */
    static Failure shrink(Run failing, int budget) {
        String invariant = failing.violation().orElseThrow().invariant();
        int[] runs = {0};
        Run best = failing;
        // 1. the shape: fewer actors and steps, behaviours off; a few seeds for each smaller shape
        boolean smaller = true;
        while (smaller && runs[0] < budget / 2) {
            smaller = false;
            for (Shape candidate : smallerShapes(best.shape())) {
                Run found = firstFailing(candidate, best.seed(), invariant, 8, runs);
                if (found != null) {
                    best = found;
                    smaller = true;
                    break;
                }
            }
        }
        // 2. the choices: drop chunks, then zero numbers, while the same invariant still breaks
        int[] choices = best.choices();
        for (int chunk = Math.max(1, choices.length / 4); chunk >= 1 && runs[0] < budget; chunk /= 2) {
            for (int from = 0; from + chunk <= choices.length && runs[0] < budget; ) {
                int[] fewer = new int[choices.length - chunk];
                System.arraycopy(choices, 0, fewer, 0, from);
                System.arraycopy(choices, from + chunk, fewer, from, choices.length - from - chunk);
                Run attempt = replay(best.shape(), fewer);
                runs[0]++;
                if (breaks(attempt, invariant)) {
                    best = new Run(best.shape(), best.seed(), attempt.choices(), attempt.violation(), attempt.steps());
                    choices = trimmed(attempt.choices(), fewer.length);
                } else {
                    from += chunk;
                }
            }
        }
        for (int i = 0; i < choices.length && runs[0] < budget; i++) {
            if (choices[i] == 0) {
                continue;
            }
            int[] zeroed = choices.clone();
            zeroed[i] = 0;
            Run attempt = replay(best.shape(), zeroed);
            runs[0]++;
            if (breaks(attempt, invariant)) {
                best = new Run(best.shape(), best.seed(), attempt.choices(), attempt.violation(), attempt.steps());
                choices = trimmed(attempt.choices(), zeroed.length);
            }
        }
        Traced traced = finish(best.shape(), best.seed(), Choices.replaying(choices), true);
        Run shrunk = new Run(best.shape(), best.seed(), choices, traced.run().violation(), traced.run().steps());
        if (shrunk.violation().isEmpty()) { // cannot happen: the last kept sequence broke it
            shrunk = failing;
        }
        return new Failure(failing, shrunk, traced.trace().lines());
    }

    /** A replay reads zeroes past its end; the choices it really used are enough to keep. */
    private static int[] trimmed(int[] used, int given) {
        return Arrays.copyOf(used, Math.min(used.length, given));
    }

    private static boolean breaks(Run run, String invariant) {
        return run.violation().map(v -> v.invariant().equals(invariant)).orElse(false);
    }

    private static Run firstFailing(Shape shape, long seed, String invariant, int seeds, int[] runs) {
        for (int i = 0; i < seeds; i++) {
            Run attempt = run(shape, seed + i);
            runs[0]++;
            if (breaks(attempt, invariant)) {
                return attempt;
            }
        }
        return null;
    }

    private static List<Shape> smallerShapes(Shape s) {
        List<Shape> smaller = new ArrayList<>();
        if (s.shoppers() > 1) {
            smaller.add(s.withShoppers(s.shoppers() - 1, s.requestsPerShopper(), s.perUserLimit()));
        }
        if (s.requestsPerShopper() > 1) {
            smaller.add(s.withShoppers(s.shoppers(), s.requestsPerShopper() - 1, s.perUserLimit()));
        }
        if (s.stock() > 1) {
            smaller.add(s.withStock(s.stock() - 1, Math.min(s.shards(), s.stock() - 1)));
        }
        if (s.operatorReplaces()) {
            smaller.add(s.withOperator(false));
        }
        if (s.onDemandPasses() > 0) {
            smaller.add(s.withOnDemandPasses(0));
        }
        int[] faults = {s.crash(), s.timeout(), s.throttle(), s.sdkRetry(), s.duplicate(), s.longWait()};
        for (int i = 0; i < faults.length; i++) {
            if (faults[i] > 0) {
                int[] fewer = faults.clone();
                fewer[i] = 0;
                smaller.add(s.withFaults(fewer[0], fewer[1], fewer[2], fewer[3], fewer[4], fewer[5]));
            }
        }
        if (s.maxIndexLagMillis() > 0) {
            smaller.add(s.withIndexLag(0));
        }
        if (s.maxSteps() > 50) {
            smaller.add(s.withMaxSteps(s.maxSteps() / 2));
        }
        return smaller;
    }
}
