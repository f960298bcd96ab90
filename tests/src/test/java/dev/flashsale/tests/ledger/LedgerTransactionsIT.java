package dev.flashsale.tests.ledger;

import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.tests.AwsFacing;
import dev.flashsale.tests.AwsTarget;
import dev.flashsale.tests.LocalCloudFixture;
import dev.flashsale.tests.Race;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the DynamoDB server has transactions (DynamoDB, LocalStack, moto; dynalite has none), the ledger's
 * guarantee is checked on consistent snapshots: {@code TransactGetItems} reads every shard and buyer of a sale at
 * one instant while buyers race, so a moment where a unit was taken from a shard without a buyer holding it, or a
 * shard went below zero, would show. The ledger itself uses no transactions (its single-item writes run on every
 * DynamoDB-compatible server).
 */
@AwsFacing
@Tag(AwsTarget.TAG)
class LedgerTransactionsIT {

    // TransactGetItems reads 25 items at most on some servers (moto): 2 shards and 23 buyers.
    private static final int STOCK = 8;
    private static final int BUYERS = 23;
    private static final int SHARDS = 2;

    @Test
    void reserve_shouldNeverTakeAUnitWithoutABuyer_whenReadAtOneInstantByTransactions() throws Exception {
        LocalCloud cloud = LocalCloudFixture.cloud();
        String table = cloud.physicalIds().ref("StockTable");
        assumeTransactions(cloud, table);
        try (ApplicationContext context = LocalCloudFixture.contextOf("AdminFunction", Map.of())) {
            // given
            Instant now = Instant.now();
            Sale sale = new Sale("tx-" + UUID.randomUUID().toString().substring(0, 8), "Transactions", STOCK,
                    now.minusSeconds(60), now.plusSeconds(3600), 1, SHARDS, Protection.NONE);
            context.getBean(SaleAdministration.class).put(sale);
            StockLedger ledger = context.getBean(StockLedger.class);
            List<TransactGetItem> reads = new ArrayList<>();
            for (int shard = 0; shard < SHARDS; shard++) {
                reads.add(read(table, "SALE#" + sale.id() + "#SHARD#" + shard));
            }
            for (int i = 0; i < BUYERS; i++) {
                reads.add(read(table, "SALE#" + sale.id() + "#BUYER#buyer-" + i));
            }

            // when: buyers race while an auditor takes consistent snapshots
            List<int[]> snapshots = new CopyOnWriteArrayList<>();
            AtomicBoolean racing = new AtomicBoolean(true);
            Thread auditor = new Thread(() -> {
                while (racing.get()) {
                    snapshots.add(snapshot(cloud, reads));
                }
            });
            auditor.start();
            List<Callable<ReservationOutcome>> buyers = new ArrayList<>();
            for (int i = 0; i < BUYERS; i++) {
                String user = "buyer-" + i;
                buyers.add(() -> ledger.reserve(sale, user, 1, OrderIds.next(), now));
            }
            List<ReservationOutcome> outcomes;
            try {
                outcomes = Race.run(8, buyers);
            } finally {
                racing.set(false);
                auditor.join();
            }
            snapshots.add(snapshot(cloud, reads));

            // then: in every snapshot, no shard below zero and every unit taken held by a buyer
            assertTrue(snapshots.size() >= 2, "snapshots taken: " + snapshots.size());
            for (int[] snapshot : snapshots) {
                int left = snapshot[0];
                int held = snapshot[1];
                assertTrue(snapshot[2] >= 0, "a shard went below zero");
                assertTrue(STOCK - left <= held, "taken " + (STOCK - left) + " units with " + held + " buyers holding");
            }
            int[] last = snapshots.get(snapshots.size() - 1);
            assertEquals(0, last[0]);
            assertEquals(STOCK, last[1]);
            assertEquals(STOCK, outcomes.stream().filter(o -> o instanceof ReservationOutcome.Reserved).count());
        }
    }

    private static TransactGetItem read(String table, String pk) {
        return TransactGetItem.builder().get(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk))))
                .build();
    }

    /** {units left on the shards, units bought, the lowest shard} at one instant. */
    private static int[] snapshot(LocalCloud cloud, List<TransactGetItem> reads) {
        List<ItemResponse> items = cloud.dynamo().transactGetItems(b -> b.transactItems(reads)).responses();
        int left = 0;
        int lowest = Integer.MAX_VALUE;
        int bought = 0;
        for (int i = 0; i < items.size(); i++) {
            Map<String, AttributeValue> item = items.get(i).item();
            if (i < SHARDS) {
                int stock = item == null || !item.containsKey("stock") ? 0 : Integer.parseInt(item.get("stock").n());
                left += stock;
                lowest = Math.min(lowest, stock);
            } else if (item != null && item.containsKey("bought")) {
                bought += Integer.parseInt(item.get("bought").n());
            }
        }
        return new int[]{left, bought, lowest};
    }

    private static void assumeTransactions(LocalCloud cloud, String table) {
        try {
            cloud.dynamo().transactGetItems(b -> b.transactItems(read(table, "probe")));
        } catch (SdkException e) {
            Assumptions.abort("this DynamoDB server has no transactions (dynalite has none): " + e.getMessage());
        }
    }
}
