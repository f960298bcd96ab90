package dev.flashsale.core.payment;

import dev.flashsale.core.order.Order;

/** What a shopper's payment attempt came to. */
public sealed interface PaymentOutcome {

    /** Paid now, or already paid (a repeated request charges nothing). */
    record Paid(Order order) implements PaymentOutcome {
    }

    record Declined(String reason) implements PaymentOutcome {
    }

    /** The provider did not answer in time; retrying is safe, it never charges twice. */
    record Pending() implements PaymentOutcome {
    }

    record NotFound() implements PaymentOutcome {
    }

    /** Another shopper's order: nobody pays (or learns the state of) an order that is not theirs. */
    record NotYours() implements PaymentOutcome {
    }

    /** Not (yet) an order that takes payment: still pending, rejected, or in a sale without a payment window. */
    record NotPayable(String message) implements PaymentOutcome {
    }

    /** Past its deadline: the order's units go (or went) back to the sale. */
    record Expired(Order order) implements PaymentOutcome {
    }
}
