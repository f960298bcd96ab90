package dev.flashsale.local.gateway;

/** A request that breaks HTTP/1.1 itself: answered with the API's JSON error shape, then the connection closes. */
final class ProtocolError extends Exception {

    final int status;
    final String code;

    ProtocolError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
