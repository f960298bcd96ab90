package dev.flashsale.core.purchase;

import dev.flashsale.core.hash.KeyedHash;

/**
 * The order id of a purchase: random, or, when the client names its request, a keyed hash of sale, user and
 * request id. A retry of the same request then names the same order (and finds it), and nobody without the secret
 * can derive another shopper's order id.
 */
public final class RequestOrderIds {

    private final KeyedHash keyedHash;

    public RequestOrderIds(KeyedHash keyedHash) {
        this.keyedHash = keyedHash;
    }

    public String orderIdFor(String saleId, String userId, String requestId) {
        if (requestId == null) {
            return OrderIds.next();
        }
        return OrderIds.fromHash(keyedHash.mac(String.join("\n", "order-id-v1", saleId, userId, requestId)));
    }
}
