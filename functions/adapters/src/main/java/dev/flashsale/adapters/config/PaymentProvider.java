package dev.flashsale.adapters.config;

import java.util.Locale;

/** The payment providers this build has an adapter for ({@code FLASHSALE_PAYMENT_PROVIDER}). */
public enum PaymentProvider {
    /** The fake gateway ({@code adapters.payment.FakePaymentGateway}): answers by test method tokens, moves no money: test stacks only. */
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
