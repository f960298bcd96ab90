package dev.flashsale.adapters.payment;

import java.util.Locale;

/** The payment providers this build has an adapter for ({@code FLASHSALE_PAYMENT_PROVIDER}). */
public enum PaymentProvider {
    /** {@link FakePaymentGateway}: answers by test method tokens, moves no money: test stacks only. */
    FAKE(false);

    private final boolean movesMoney;

    PaymentProvider(boolean movesMoney) {
        this.movesMoney = movesMoney;
    }

    /** False for a provider whose approvals charge nobody: allowed on a test stack only. */
    public boolean movesMoney() {
        return movesMoney;
    }

    /** The setting's value: {@code fake}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
