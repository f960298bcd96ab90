package dev.flashsale.local.capacity;

/**
 * DynamoDB writes per purchase under one partition key value, for each key the hot path writes at the sale's rate
 * (every item written there is under 1 KB: one write unit each). Read from the ledger's code
 * ({@code DynamoLedgerItems}, {@code DynamoStockShards}, {@code DynamoOrderStore}): an index item is written again
 * whenever its table item changes, as every index projects all attributes.
 *
 * @param key          the partition key value, as table or index and key attribute
 * @param perPurchase  writes under that one value per purchase
 * @param spreadOver   how many values share them (stock shards: the sale's shard count; 1: one value per sale)
 * @param atDrainRate  written by the order function (bounded by the drain) rather than by admission
 */
public record KeyWrites(String key, double perPurchase, int spreadOver, boolean atDrainRate, String writes) {
}
