package dev.flashsale.local.capacity;

/**
 * DynamoDB writes per purchase under one partition key value, for each key the hot path writes at the sale's rate
 * (every item written there is under 1 KB: one write unit each). Read from the ledger's code
 * ({@code DynamoLedgerItems}, {@code DynamoStockShards}, {@code DynamoOrderStore}): an index item is written again
 * whenever its table item changes, as every index projects all attributes.
 *
 * @param key          the partition key value, as table or index and key attribute
 * @param perPurchase  writes under that one value per purchase
 * @param spreadOver   how many values share them (stock shards: the sale's shard count; the sale-keyed stock
 *                     indexes: {@code FLASHSALE_INDEX_SHARDS}; 1: one value per sale)
 * @param atDrainRate  written by the order function (bounded by the drain) rather than by admission
 * @param raise        what spreads the writes over more values
 */
public record KeyWrites(String key, double perPurchase, int spreadOver, boolean atDrainRate, String writes,
                        String raise) {

    static final String ONE_VALUE = "none: one key value per sale (write-shard the key)";
    static final String STOCK_SHARDS = "the sale's shards";
    static final String INDEX_SHARDS = "FLASHSALE_INDEX_SHARDS (template.yaml Globals; raise only)";
}
