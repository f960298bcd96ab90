package dev.flashsale.tests.template;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, item 11: with a CLI default region other than samconfig's, an aws call without --region reads another
 * region's stack (none), and set -e stops the deploy before the page is published.
 */
class DeployScriptIT {

    private static final Path SCRIPT = TemplateCheck.ROOT.resolve("infra/deploy.sh");

    /** Every aws command in the script names the environment's region. */
    @Test
    void everyAwsCall_shouldPassTheRegionOfTheSamconfigEnvironment() throws Exception {
        List<String> commands = awsCommands(Files.readString(SCRIPT));
        assertTrue(commands.size() >= 4, commands.toString());
        for (String command : commands) {
            assertTrue(command.contains("--region \"$REGION\""), "no --region: " + command);
        }
    }

    /** The script's own reading of samconfig.toml gives each environment's region and stack name. */
    @Test
    void samconfigValue_shouldReadEachEnvironmentsRegionAndStackName() throws Exception {
        assertEquals("us-east-1", samconfigValue("default.deploy.parameters", "region"));
        assertEquals("us-east-1", samconfigValue("prod.deploy.parameters", "region"));
        assertEquals("flashsale-prod", samconfigValue("prod.global.parameters", "stack_name"));
        assertEquals("", samconfigValue("nosuch.deploy.parameters", "region"));
    }

    /** The commands that run aws, joined over backslash-continued lines. */
    private static List<String> awsCommands(String script) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            current.append(line.strip()).append(' ');
            if (line.endsWith("\\")) {
                continue;
            }
            String command = current.toString();
            current.setLength(0);
            if (command.startsWith("#")) {
                continue;
            }
            if (command.matches("(?s).*(^|[;(|&]\\s*|\\$\\(|\\s)aws\\s+[a-z].*")) {
                commands.add(command);
            }
        }
        assertFalse(commands.isEmpty());
        return commands;
    }

    private static String samconfigValue(String section, String key) throws Exception {
        String program = "eval \"$(sed -n '/^samconfig_value()/,/^}/p' " + SCRIPT + ")\"; ROOT=" + TemplateCheck.ROOT
                + "; samconfig_value " + section + " " + key;
        Process process = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
