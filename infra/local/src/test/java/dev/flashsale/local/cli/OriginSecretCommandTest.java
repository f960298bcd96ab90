package dev.flashsale.local.cli;

import dev.flashsale.adapters.config.OriginSecret;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 21, finding 6: {@code flashsale origin-secret rotate}, and what the functions then accept. */
class OriginSecretCommandTest {

    private final Map<String, String> secrets = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final OriginSecretCommand command = new OriginSecretCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), new SecureRandom());

    private final OriginSecretCommand.SecretStore store = new OriginSecretCommand.SecretStore() {
        @Override
        public String read(String secretId) {
            String value = secrets.get(secretId);
            if (value == null) {
                throw new IllegalStateException("ResourceNotFoundException");
            }
            return value;
        }

        @Override
        public void write(String secretId, String secretString) {
            secrets.put(secretId, secretString);
        }
    };

    private static OriginSecret functionsView(String secretString) {
        return new OriginSecret(Optional.of(secretString));
    }

    @Test
    void rotate_shouldKeepTheOldValueAsPrevious_andCountTheGeneration_whenTheSecretIsJson() {
        // given: a fresh stack's secret (GenerateSecretString with GenerateStringKey current)
        secrets.put("origin", "{\"current\":\"firstValueOfTheStack\"}");

        // when
        int first = command.rotate(store, "origin");
        String afterFirst = secrets.get("origin");
        int second = command.rotate(store, "origin");

        // then: the functions take the new and the previous value, and not the one before
        assertEquals(0, first);
        assertEquals(0, second);
        assertTrue(functionsView(afterFirst).isPresentIn("firstValueOfTheStack"));
        OriginSecret afterSecond = functionsView(secrets.get("origin"));
        assertFalse(afterSecond.isPresentIn("firstValueOfTheStack"));
        assertTrue(secrets.get("origin").contains("\"generation\":2"), secrets.get("origin"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("OriginSecretGeneration=2"), out.toString());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("firstValueOfTheStack"), "no secret value printed");
    }

    @Test
    void rotate_shouldReadAPlainValueAsGenerationZerosCurrent_whenTheStackWasDeployedBeforeRotation() {
        OriginSecretRotation.Rotated rotated = OriginSecretRotation.rotate("plainValueOfAnOlderStack", "theNewValue");

        assertEquals(1, rotated.generation());
        assertTrue(functionsView(rotated.secretString()).isPresentIn("plainValueOfAnOlderStack"));
        assertTrue(functionsView(rotated.secretString()).isPresentIn("theNewValue"));
    }

    @Test
    void newValue_shouldBeFortyEightLettersOrDigits_andDifferEachTime() {
        SecureRandom random = new SecureRandom();
        String one = OriginSecretRotation.newValue(random);

        assertTrue(one.matches("[A-Za-z0-9]{48}"), one);
        assertNotEquals(one, OriginSecretRotation.newValue(random));
    }

    @Test
    void rotate_shouldFailWithoutWriting_whenTheSecretIsUnreadableOrHasNoCurrent() {
        secrets.put("broken", "{\"previous\":\"x\"}");

        assertEquals(1, command.rotate(store, "missing"));
        assertEquals(1, command.rotate(store, "broken"));
        assertEquals("{\"previous\":\"x\"}", secrets.get("broken"));
        assertThrows(IllegalArgumentException.class, () -> OriginSecretRotation.rotate("{\"current\":\"same\"}", "same"));
    }

    @Test
    void run_shouldAnswerAUsageError_whenTheActionOrTheSecretIdIsMissing() {
        assertEquals(2, command.run("show", Map.of("secret-id", "x")));
        assertEquals(2, command.run("rotate", Map.of()));
        assertEquals(2, command.run("rotate", Map.of("secret-id", "x", "colour", "red")));
    }
}
