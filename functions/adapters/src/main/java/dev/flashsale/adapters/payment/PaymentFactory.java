package dev.flashsale.adapters.payment;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.PaymentGateway;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The payment gateway the setting names; a real provider is one more enum value and one more adapter. */
@Factory
public class PaymentFactory {

    @Singleton
    PaymentGateway paymentGateway(FlashsaleSettings settings) {
        switch (settings.getPaymentProvider()) {
            case FAKE:
            default:
                return new FakePaymentGateway();
        }
    }
}
