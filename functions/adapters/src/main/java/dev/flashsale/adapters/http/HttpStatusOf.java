package dev.flashsale.adapters.http;

import dev.flashsale.core.decision.Refusal;

/** The HTTP status each refusal is answered with. */
final class HttpStatusOf {

    private HttpStatusOf() {
    }

    static int refusal(Refusal refusal) {
        switch (refusal) {
            case INVALID_REQUEST:
                return 400;
            case PAYMENT_DECLINED:
                return 402;
            case FORBIDDEN:
            case SALE_NOT_OPEN:
            case BLOCKED:
            case CHALLENGE_REQUIRED:
            case CHALLENGE_FAILED:
            case ACCOUNT_TOO_NEW:
            case EMAIL_NOT_VERIFIED:
                return 403;
            case SALE_NOT_FOUND:
            case ORDER_NOT_FOUND:
                return 404;
            case ALREADY_PURCHASED:
            case ORDER_NOT_PAYABLE:
                return 409;
            case SOLD_OUT:
            case ORDER_EXPIRED:
                return 410;
            case RATE_LIMITED:
                return 429;
            case UNAVAILABLE:
            case OVERLOADED:
            case PAYMENT_PENDING:
                return 503;
            default:
                return 500;
        }
    }
}
