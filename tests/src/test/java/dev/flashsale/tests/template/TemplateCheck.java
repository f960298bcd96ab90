package dev.flashsale.tests.template;

import dev.flashsale.local.LocalSystem;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code infra/template_check.py} run by {@code python3} as {@code ./flashsale deploy --check} runs it: the SAM
 * translator and cfn-lint of this machine's Python, the AWS CLI for the account. Without credentials: the
 * environment is cleared of every AWS setting and points the CLI at no configuration at all.
 */
final class TemplateCheck {

    static final Path ROOT = LocalSystem.projectRoot();
    static final Path SCRIPT = ROOT.resolve("infra/template_check.py");

    record Run(int exitCode, String stdout, String stderr) {

        String output() {
            return stdout + stderr;
        }

        /** The standard output's lines that are JSON objects. */
        List<Map<String, Object>> jsonLines() throws IOException {
            List<Map<String, Object>> lines = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (line.startsWith("{")) {
                    lines.add(json(line));
                }
            }
            return lines;
        }
    }

    /** The matrix's run and the folder holding each case's transformed template ({@code <case>.json}). */
    record Matrix(Run run, Path out) {
    }

    private static Matrix matrix;

    private TemplateCheck() {
    }

    /**
     * {@code template_check.py matrix}, run once per build for every class that reads it (it transforms and lints
     * every option combination, minutes of CPU): kept under {@code tests/target} by the hash of what it reads, the
     * template and the script, and shared across the failsafe forks through a lock file. A failed run is not kept.
     */
    static synchronized Matrix matrix() throws IOException, InterruptedException {
        if (matrix != null) {
            return matrix;
        }
        String key = digest(Files.readAllBytes(ROOT.resolve("template.yaml")), Files.readAllBytes(SCRIPT));
        Path folder = Files.createDirectories(ROOT.resolve("tests/target/template-matrix"));
        Path cases = folder.resolve(key);
        Path kept = folder.resolve(key + ".run.json");
        try (FileChannel channel = FileChannel.open(folder.resolve(key + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            if (Files.exists(kept)) {
                Map<String, Object> run = json(kept);
                matrix = new Matrix(new Run(((Number) run.get("exitCode")).intValue(), (String) run.get("stdout"),
                        (String) run.get("stderr")), cases);
                return matrix;
            }
            Files.createDirectories(cases);
            Run run = run("matrix", "--out", cases.toString());
            if (run.exitCode() == 0) {
                Files.writeString(kept, JsonMapper.createDefault().writeValueAsString(Map.of("exitCode",
                        run.exitCode(), "stdout", run.stdout(), "stderr", run.stderr())));
            }
            matrix = new Matrix(run, cases);
            return matrix;
        }
    }

    private static String digest(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    }

    static Run run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        environment.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        Path out = Files.createTempFile("template-check", ".out");
        Path err = Files.createTempFile("template-check", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("template_check.py " + arguments[0] + " did not finish");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Map<String, Object> json(String text) throws IOException {
        return JsonMapper.createDefault().readValue(text, Argument.mapOf(String.class, Object.class));
    }

    static Map<String, Object> json(Path file) throws IOException {
        return json(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
