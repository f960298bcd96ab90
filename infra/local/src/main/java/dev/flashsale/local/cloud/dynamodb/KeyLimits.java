package dev.flashsale.local.cloud.dynamodb;

/**
 * DynamoDB's throughput for one partition key value, a table's or an index's, in units a second: 1,000 write units
 * and 3,000 read units, whatever the table's mode or warm throughput (AWS, "Key range throughput exceeded").
 */
public record KeyLimits(double writeUnitsPerSecond, double readUnitsPerSecond) {

    public static final KeyLimits DYNAMODB = new KeyLimits(1_000, 3_000);
}
