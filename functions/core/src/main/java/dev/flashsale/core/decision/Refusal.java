package dev.flashsale.core.decision;

/** Every reason the system says no. The code is the API's {@code error} field. */
public enum Refusal {
    INVALID_REQUEST("The request is not valid."),
    PAYLOAD_TOO_LARGE("The request body is larger than 4 KiB."),
    UNSUPPORTED_MEDIA_TYPE("The body must be sent as Content-Type: application/json."),
    UNAUTHORIZED("Sign in first: this route needs a valid token in the Authorization header."),
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
    NOT_FOUND("No such route."),
    METHOD_NOT_ALLOWED("That method is not allowed on this route."),
    THROTTLED("Too many requests; try again shortly."),
    RATE_LIMITED("Too many requests from this user or address; try again shortly."),
    BLOCKED("Purchases from this user or address are blocked."),
    CHALLENGE_REQUIRED("This sale asks for the answer to a challenge with each purchase."),
    CHALLENGE_FAILED("The challenge answer was not accepted."),
    OVERLOADED("The service is overloaded; try again shortly."),
    UNAVAILABLE("The service could not take the request; try again shortly."),
    INTERNAL_ERROR("Something went wrong on our side.");

    private final String defaultMessage;

    Refusal(String defaultMessage) {
        this.defaultMessage = defaultMessage;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
