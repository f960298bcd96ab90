package dev.flashsale.core.decision;

/**
 * Every reason the domain says no. The code is the API's {@code error} field; errors about the request as HTTP
 * (route, method, body size, media type, token) belong to the HTTP mapping, and {@code THROTTLED} to the gateway.
 */
public enum Refusal {
    INVALID_REQUEST("The request is not valid."),
    FORBIDDEN("Not allowed for the signed-in shopper."),
    SALE_NOT_FOUND("No sale has that id."),
    SALE_NOT_OPEN("The sale is not open."),
    SOLD_OUT("The sale is sold out."),
    ALREADY_PURCHASED("This user has already bought the most units this sale allows."),
    ORDER_NOT_FOUND("No order has that id."),
    ORDER_NOT_PAYABLE("This order takes no payment now."),
    ORDER_EXPIRED("The order was not paid in time; its item went back on sale."),
    PAYMENT_DECLINED("The payment was declined; nothing was charged."),
    PAYMENT_PENDING("The payment provider did not answer in time; try again: you will never be charged twice."),
    RATE_LIMITED("Too many requests from this user or address; try again shortly."),
    BLOCKED("Purchases from this user or address are blocked."),
    CHALLENGE_REQUIRED("This sale asks for the answer to a challenge with each purchase."),
    CHALLENGE_FAILED("The challenge answer was not accepted."),
    ACCOUNT_TOO_NEW("This sale is for accounts created before a given time."),
    EMAIL_NOT_VERIFIED("This sale is for accounts with a verified email address."),
    OVERLOADED("The service is overloaded; try again shortly."),
    UNAVAILABLE("The service could not take the request; try again shortly.");

    private final String defaultMessage;

    Refusal(String defaultMessage) {
        this.defaultMessage = defaultMessage;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
