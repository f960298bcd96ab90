package dev.flashsale.core.account;

import dev.flashsale.core.port.AccountAttributes;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountCreationTest {

    private static final Instant NOW = Instant.parse("2026-12-08T03:00:00Z");
    private final List<String> writes = new ArrayList<>();
    private final AccountAttributes attributes = (pool, user, name, value) ->
            writes.add(pool + " " + user + " " + name + "=" + value);
    private final AccountCreation creation = new AccountCreation(attributes, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void confirmed_shouldStampTheEpochSecond_whenASignUpIsConfirmed() {
        boolean stamped = creation.confirmed("pool", "ann", AccountCreation.Confirmation.SIGN_UP,
                Map.of("email", "ann@example.com"));

        assertTrue(stamped);
        assertEquals(List.of("pool ann custom:created_at=" + NOW.getEpochSecond()), writes);
    }

    @Test
    void confirmed_shouldLeaveTheStamp_whenTheAccountHasOne() {
        boolean stamped = creation.confirmed("pool", "ann", AccountCreation.Confirmation.SIGN_UP,
                Map.of("custom:created_at", "1700000000"));

        assertFalse(stamped);
        assertEquals(List.of(), writes);
    }

    @Test
    void confirmed_shouldWriteNothing_whenAPasswordResetIsConfirmed() {
        boolean stamped = creation.confirmed("pool", "ann", AccountCreation.Confirmation.PASSWORD_RESET, Map.of());

        assertFalse(stamped);
        assertEquals(List.of(), writes);
    }
}
