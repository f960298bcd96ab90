package dev.flashsale.adapters.config;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlashsaleSettingsTest {

    private static FlashsaleSettings settings(PaymentProvider provider, boolean testStack) {
        FlashsaleSettings settings = new FlashsaleSettings();
        settings.setPaymentProvider(provider);
        settings.setTestStack(testStack);
        return settings;
    }

    @Test
    void validate_shouldRefuseTheFakeProvider_whenTheStackIsNotATestStack() {
        // given the defaults of a deployed stack: the fake provider, not a test stack
        FlashsaleSettings production = settings(PaymentProvider.FAKE, false);

        // when / then: the container refuses to start, saying what to set
        ConfigurationException refused = assertThrows(ConfigurationException.class, production::validate);
        assertTrue(refused.getMessage().contains("FLASHSALE_PAYMENT_PROVIDER=fake moves no money"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("TestStack=true"), refused.getMessage());
    }

    @Test
    void validate_shouldAcceptTheFakeProvider_whenTheStackIsATestStack() {
        assertDoesNotThrow(settings(PaymentProvider.FAKE, true)::validate);
    }

    @Test
    void validate_shouldRefuseByDefault_whenNothingSaysItIsATestStack() {
        assertThrows(ConfigurationException.class, new FlashsaleSettings()::validate);
    }
}
