package dev.flashsale.local.capacity;

/**
 * What a capacity estimate needs beyond the template: the backend, the sale's stock shards, whether the challenge
 * is asked (one more request per purchase), whether orders wait for payment (one more index write per order), and
 * the measured mean durations (milliseconds) of a purchase in the admission function and of one message in the
 * order function; and how many key values the stock table's sale-keyed indexes split a sale over
 * ({@code FLASHSALE_INDEX_SHARDS}, which the template gives every function).
 */
public record SaleShape(String backend, int shards, boolean challenge, boolean paymentWindow, double purchaseMillis,
                        double orderMessageMillis, int indexShards) {

    public SaleShape {
        if (!backend.equals("dynamodb") && !backend.equals("redis")) {
            throw new IllegalArgumentException("backend must be dynamodb or redis");
        }
        if (shards < 1 || indexShards < 1 || purchaseMillis <= 0 || orderMessageMillis <= 0) {
            throw new IllegalArgumentException("shards, index shards and the mean durations must be positive");
        }
    }

    public boolean redis() {
        return backend.equals("redis");
    }
}
