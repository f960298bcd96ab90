package dev.flashsale.core.simulation;

/** Prints one seed's shrunk failure, or stats over seeds: {@code SimulationDebug [seed]}. */
final class SimulationDebug {
    public static void main(String[] args) {
        Shape shape = Worlds.named(System.getProperty("world", "small"));
        if (args.length > 0) {
            Simulation.Run run = Simulation.run(shape, Long.parseLong(args[0]));
            System.out.println(run.violation());
            if (run.violation().isPresent()) {
                System.out.println(Simulation.shrink(run, 400).report());
            }
            return;
        }
        long steps = 0; int n = Integer.getInteger("n", 200);
        long started = System.nanoTime();
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (long seed = 1; seed <= n; seed++) {
            Simulation.Run run = Simulation.run(shape, seed);
            steps += run.steps();
            final long sd = seed; run.violation().ifPresent(v -> { String k = v.invariant() + " " + v.detail().replaceAll("[0-9a-f-]{36}", "ID").replaceAll("shopper[0-9]+", "shopperN"); if (!kinds.containsKey(k)) System.out.println("first seed " + sd + ": " + k); kinds.merge(k, 1, Integer::sum); });
        }
        System.out.println("avg steps " + steps / n + ", ms/run " + (System.nanoTime() - started) / n / 1_000_000);
        kinds.forEach((k, v) -> System.out.println(v + " " + k));
    }
}
