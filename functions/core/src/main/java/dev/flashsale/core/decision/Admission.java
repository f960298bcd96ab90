package dev.flashsale.core.decision;

/** The admission function's answer to a purchase. */
public sealed interface Admission {

    record Admitted(String orderId) implements Admission {
    }

    /** {@code retryAfterSeconds} above zero tells the client when trying again makes sense. */
    record Refused(Refusal refusal, String message, long retryAfterSeconds) implements Admission {
        public Refused(Refusal refusal) {
            this(refusal, refusal.defaultMessage(), 0);
        }

        public Refused(Refusal refusal, String message) {
            this(refusal, message, 0);
        }
    }
}
