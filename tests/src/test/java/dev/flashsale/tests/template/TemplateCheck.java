package dev.flashsale.tests.template;

import dev.flashsale.local.LocalSystem;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    private TemplateCheck() {
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
