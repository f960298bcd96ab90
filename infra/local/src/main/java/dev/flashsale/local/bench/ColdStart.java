package dev.flashsale.local.bench;

import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.template.Specs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Cold starts: for each function, fresh JVMs on the deployed jar with the function's environment, timed from
 * process start to the first handled event, with and without the priming that runs before a SnapStart
 * snapshot. Lambda bills the init (the constructor) and the first invocation.
 */
public final class ColdStart {

    record Result(String functionId, boolean priming, long jarBytes, List<Double> totalMs, List<Double> initMs,
                  List<Double> firstEventMs) {

        double median(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(Double::compare);
            return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        }
    }

    private ColdStart() {
    }

    static List<Result> run(LocalSystem system, String saleId, int processes, boolean bothModes) throws Exception {
        Path probe = extractProbe();
        List<Result> results = new ArrayList<>();
        try {
            for (Specs.Function spec : system.template().functions(system.cloud().physicalIds())) {
                Path jar = jarOf(LocalSystem.projectRoot(), spec.handlerClass());
                for (boolean priming : bothModes ? new boolean[]{true, false} : new boolean[]{true}) {
                    List<Double> total = new ArrayList<>();
                    List<Double> init = new ArrayList<>();
                    List<Double> first = new ArrayList<>();
                    for (int i = 0; i < processes; i++) {
                        double[] run = once(system.cloud(), spec, jar, probe, saleId, priming);
                        total.add(run[0]);
                        init.add(run[1]);
                        first.add(run[2]);
                    }
                    results.add(new Result(spec.logicalId(), priming, Files.size(jar), total, init, first));
                }
            }
        } finally {
            deleteProbe(probe);
        }
        return results;
    }

    /**
     * Starts {@code spec}'s deployed jar in a fresh JVM as the Lambda runtime does (its no-arg constructor), with
     * the environment the template gives it and nothing of this machine's, and hands it a first event; throws
     * with the root cause when it does not get that far. What a deployed function needs at init shows here.
     */
    public static void startFresh(LocalCloud cloud, Specs.Function spec) throws IOException, InterruptedException {
        Path probe = extractProbe();
        try {
            once(cloud, spec, jarOf(LocalSystem.projectRoot(), spec.handlerClass()), probe, "no-such-sale", true);
        } finally {
            deleteProbe(probe);
        }
    }

    /** One fresh JVM: {total ms from spawn to the first event handled, init ms, first event ms}. */
    private static double[] once(LocalCloud cloud, Specs.Function spec, Path jar, Path probe, String saleId,
                                 boolean priming) throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(cloud.environmentOf(spec));
        if (!priming) {
            environment.put("FLASHSALE_PRIMING", "false");
        }
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(javaCommand, "-cp", probe + java.io.File.pathSeparator + jar,
                ColdStartProbe.class.getName(), spec.handlerClass(), saleId);
        String path = System.getenv("PATH");
        builder.environment().clear(); // the function's environment only, as in Lambda
        builder.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
        builder.environment().putAll(environment);
        Path errors = Files.createTempFile("flashsale-probe", ".err");
        builder.redirectError(errors.toFile());
        long spawned = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("PROBE ")) {
                    double total = (System.nanoTime() - spawned) / 1e6;
                    String[] words = line.split(" ");
                    process.waitFor(30, TimeUnit.SECONDS);
                    Files.deleteIfExists(errors);
                    return new double[]{total, Double.parseDouble(words[1]), Double.parseDouble(words[2])};
                }
            }
        } finally {
            process.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(errors);
        Files.deleteIfExists(errors);
        throw new IllegalStateException("the cold-start probe of " + spec.logicalId() + " printed no result: "
                + rootCause(lines));
    }

    /** The deepest cause of a stack trace on standard error, or its last line when there is none. */
    private static String rootCause(List<String> lines) {
        String cause = null;
        String last = null;
        for (String line : lines) {
            if (line.startsWith("Picked up") || line.startsWith("\t")) {
                continue;
            }
            last = line;
            if (line.startsWith("Caused by: ") || cause == null && line.startsWith("Exception in thread")) {
                cause = line;
            }
        }
        return cause != null ? cause : last != null ? last : "(nothing on standard error)";
    }

    /** The deployed jar (functions/*&#47;target/*-lambda.jar) that holds the handler class. */
    static Path jarOf(Path root, String handlerClass) throws IOException {
        String entry = handlerClass.replace('.', '/') + ".class";
        try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
            for (Path module : modules.toList()) {
                Path target = module.resolve("target");
                if (!Files.isDirectory(target)) {
                    continue;
                }
                try (Stream<Path> jars = Files.list(target)) {
                    for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).toList()) {
                        try (ZipFile zip = new ZipFile(jar.toFile())) {
                            if (zip.getEntry(entry) != null) {
                                return jar;
                            }
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no built function jar holds " + handlerClass + " (run ./mvnw package)");
    }

    private static void deleteProbe(Path probe) throws IOException {
        try (Stream<Path> files = Files.walk(probe)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The probe's class file, copied out of this runner's classpath into a folder of its own. */
    private static Path extractProbe() throws IOException {
        Path dir = Files.createTempDirectory("flashsale-probe");
        String name = ColdStartProbe.class.getName().replace('.', '/') + ".class";
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = ColdStart.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, file);
        }
        return dir;
    }
}
