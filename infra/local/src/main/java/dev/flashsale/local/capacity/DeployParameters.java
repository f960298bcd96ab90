package dev.flashsale.local.capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter overrides of one samconfig.toml environment ({@code [ENV.deploy.parameters] parameter_overrides}),
 * which {@code sam deploy --config-env ENV} and {@code ./flashsale deploy} apply over the template's defaults.
 * Only the one key is read: the file's other settings do not change a parameter.
 */
public final class DeployParameters {

    private DeployParameters() {
    }

    public static Map<String, String> of(Path samconfig, String environment) throws IOException {
        return parse(Files.readAllLines(samconfig), environment);
    }

    static Map<String, String> parse(List<String> lines, String environment) {
        String section = "[" + environment + ".deploy.parameters]";
        boolean inSection = false;
        boolean found = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                inSection = line.equals(section);
                found |= inSection;
                continue;
            }
            if (inSection && line.startsWith("parameter_overrides")) {
                String value = line.substring(line.indexOf('=') + 1).strip();
                value = value.substring(1, value.length() - 1); // the TOML string's quotes
                for (String pair : value.split("\\s+")) {
                    int equals = pair.indexOf('=');
                    if (equals > 0) {
                        overrides.put(pair.substring(0, equals), pair.substring(equals + 1).replace("\"", ""));
                    }
                }
            }
        }
        if (!found) {
            throw new IllegalArgumentException("samconfig.toml has no environment " + environment);
        }
        return overrides;
    }
}
