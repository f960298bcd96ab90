package dev.flashsale.core.purchase;

/** The admission function's answer to a purchase. */
public sealed interface Admission {

    record Admitted(String orderId) implements Admission {
    }

    record Refused(Refusal refusal, String message) implements Admission {
        public Refused(Refusal refusal) {
            this(refusal, refusal.defaultMessage());
        }
    }
}
