package dev.flashsale.adapters.payment;

/** The payment providers this build has an adapter for ({@code FLASHSALE_PAYMENT_PROVIDER}). */
public enum PaymentProvider {
    /** {@link FakePaymentGateway}: answers by test method tokens, moves no money. */
    FAKE
}
