package dev.flashsale.local;

import dev.flashsale.local.cli.Flags;
import dev.flashsale.local.cloud.AwsEmulator;

import java.util.HashMap;
import java.util.Map;

/** The options {@code local}, {@code localstack} and {@code simulate} share: the backend and the emulator. */
final class StackOptions {

    private StackOptions() {
    }

    /** The template's parameter overrides the flags ask for ({@code --backend}: {@code StockBackend}). */
    static Map<String, String> overrides(Flags flags) {
        Map<String, String> overrides = new HashMap<>();
        if (flags.has("backend")) {
            String backend = flags.get("backend");
            if (!backend.equals("dynamodb") && !backend.equals("redis")) {
                throw new Flags.Invalid("--backend must be dynamodb or redis");
            }
            overrides.put("StockBackend", backend);
        }
        return overrides;
    }

    /** The emulator named by --aws-endpoint (and --stack-name, else {@code defaultStack}); null without it. */
    static AwsEmulator emulator(Flags flags, String defaultStack) {
        if (!flags.has("aws-endpoint")) {
            if (flags.has("stack-name")) {
                throw new AwsEmulator.Unavailable("--stack-name names resources on an emulator: give --aws-endpoint");
            }
            return null;
        }
        try {
            return AwsEmulator.of(flags.get("aws-endpoint"), flags.get("stack-name", defaultStack));
        } catch (IllegalArgumentException e) {
            throw new AwsEmulator.Unavailable(e.getMessage());
        }
    }

    /** An exception and its causes, one line, no stack trace. */
    static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            text.append(text.length() == 0 ? "" : "; caused by ").append(t.getClass().getSimpleName())
                    .append(t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return text.toString();
    }
}
