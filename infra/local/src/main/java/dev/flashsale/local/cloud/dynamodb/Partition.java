package dev.flashsale.local.cloud.dynamodb;

/**
 * One partition key value of a table ({@code index} null) or of one of its global secondary indexes: the unit
 * DynamoDB's per-key throughput applies to.
 */
public record Partition(String table, String index, String keyValue) {

    public static Partition ofTable(String table, String keyValue) {
        return new Partition(table, null, keyValue);
    }

    public static Partition ofIndex(String table, String index, String keyValue) {
        return new Partition(table, index, keyValue);
    }

    @Override
    public String toString() {
        return table + (index == null ? "" : " " + index) + "[" + keyValue + "]";
    }
}
