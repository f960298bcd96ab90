package dev.flashsale.local.cloud.dynamodb;

import java.util.Map;

/**
 * What one item write costs, per partition: the table's key value takes ceil(max(old, new) / 1 KB) units; each
 * index the item is in takes its own, against the index key value: an update in place where the key stays, a
 * delete from the old value and a put under the new one where it changes (every index projects all attributes,
 * so the index item is the item). A write whose condition failed costs the table its units and writes no index.
 */
final class WriteCost {

    private WriteCost() {
    }

    static Units of(TableKeys keys, String tableKey, Map<String, Object> old, Map<String, Object> written,
                    boolean conditionFailed) {
        Units units = new Units();
        int oldSize = ItemSize.of(old);
        int newSize = ItemSize.of(written);
        units.write(Partition.ofTable(keys.table(), tableKey),
                ItemSize.writeUnits(conditionFailed ? oldSize : Math.max(oldSize, newSize)));
        if (conditionFailed) {
            return units;
        }
        for (TableKeys.Index index : keys.indexes()) {
            String before = old == null ? null : TableKeys.indexKey(old, index);
            String after = written == null ? null : TableKeys.indexKey(written, index);
            if (before != null && before.equals(after)) {
                units.write(Partition.ofIndex(keys.table(), index.name(), after), ItemSize.writeUnits(newSize));
                continue;
            }
            if (before != null) {
                units.write(Partition.ofIndex(keys.table(), index.name(), before), ItemSize.writeUnits(oldSize));
            }
            if (after != null) {
                units.write(Partition.ofIndex(keys.table(), index.name(), after), ItemSize.writeUnits(newSize));
            }
        }
        return units;
    }
}
