package dev.flashsale.local;

import dev.flashsale.local.cli.AdminCommands;
import dev.flashsale.local.cli.Usage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The usage text and the script's header list what the command line runs. */
class FlashsaleCommandTest {

    @Test
    void usage_shouldListEveryCommand_whenHelpIsAsked() {
        for (String command : Usage.COMMANDS) {
            assertTrue(Usage.TEXT.contains("  flashsale " + command + " "), command + " missing from the usage");
        }
        assertTrue(Usage.TEXT.contains("flashsale simulate") && Usage.TEXT.contains("[--backend dynamodb|redis]"));
        assertTrue(Usage.TEXT.contains("[--sale ID]") && Usage.TEXT.contains("[--url API_URL [--profile P] [--region R]]"),
                "every option simulate takes");
    }

    @Test
    void scriptHeader_shouldListEveryCommandAndBackend_whenRead() throws Exception {
        // given
        List<String> header = Files.readAllLines(LocalSystem.projectRoot().resolve("flashsale")).stream()
                .takeWhile(line -> line.startsWith("#")).toList();
        String text = header.stream().collect(Collectors.joining("\n"));

        // then
        for (String command : Usage.COMMANDS) {
            assertTrue(text.contains("./flashsale " + command + " "), command + " missing from the script's header");
        }
        assertTrue(text.contains("--backend dynamodb|redis"), text);
    }

    @Test
    void adminCommands_shouldTakeBlocklistAndItsOldName_whenDispatched() {
        assertTrue(AdminCommands.handles("blocklist"));
        assertTrue(AdminCommands.handles("blacklist"));
    }

    @Test
    void run_shouldAnswerAUsageError_whenTheCommandOrAFlagIsWrong() throws Exception {
        assertEquals(2, FlashsaleCommand.run(new String[]{"launch"}));
        assertEquals(2, FlashsaleCommand.run(new String[]{"local", "--port", "eighty"}));
        assertEquals(2, FlashsaleCommand.run(new String[]{"local", "--colour", "red"}));
        assertEquals(2, FlashsaleCommand.run(new String[]{"simulate", "--backend", "mysql"}));
        assertEquals(2, FlashsaleCommand.run(new String[]{"web", "import", "--out", "x"}));
        assertEquals(0, FlashsaleCommand.run(new String[]{"--help"}));
    }
}
