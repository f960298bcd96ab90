package dev.flashsale.local.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FlagsTest {

    @Test
    void parse_shouldReadTheSubCommandAndEveryFlagForm_whenTheCommandTakesASubCommand() {
        // when
        Flags flags = Flags.parse(new String[]{"blocklist", "add", "--type", "ip", "--value=203.0.113.0/24", "--json"},
                true);

        // then
        assertEquals("add", flags.subCommand());
        assertEquals(Map.of("type", "ip", "value", "203.0.113.0/24", "json", "true"), flags.values());
    }

    @Test
    void parse_shouldRefuseAStrayWord_whenTheCommandTakesNoSubCommand() {
        // when / then
        Flags.Invalid invalid = assertThrows(Flags.Invalid.class,
                () -> Flags.parse(new String[]{"local", "now", "--port", "1"}, false));
        assertEquals("unexpected argument now", invalid.getMessage());
    }

    @Test
    void parse_shouldGiveNoSubCommand_whenTheFirstWordIsAFlag() {
        // when
        Flags flags = Flags.parse(new String[]{"dlq", "--url", "http://127.0.0.1:1"}, true);

        // then
        assertNull(flags.subCommand());
        assertEquals("http://127.0.0.1:1", flags.get("url"));
    }

    @Test
    void allow_shouldRefuseAnUnknownFlag_whenTheCommandDoesNotTakeIt() {
        // given
        Flags flags = Flags.parse(new String[]{"local", "--port", "1", "--colour", "red"}, false);

        // when / then
        Flags.Invalid invalid = assertThrows(Flags.Invalid.class, () -> flags.allow("port", "host"));
        assertEquals("unknown option --colour", invalid.getMessage());
    }

    @Test
    void integer_shouldAnswerTheDefaultOrRefuse_whenAbsentOrNotAWholeNumber() {
        // given
        Flags flags = Flags.parse(new String[]{"simulate", "--buyers", "12", "--stock", "many"}, false);

        // when / then
        assertEquals(12, flags.integer("buyers", 1));
        assertEquals(7, flags.integer("bots", 7));
        Flags.Invalid invalid = assertThrows(Flags.Invalid.class, () -> flags.integer("stock", 1));
        assertEquals("--stock needs a whole number, not many", invalid.getMessage());
    }
}
