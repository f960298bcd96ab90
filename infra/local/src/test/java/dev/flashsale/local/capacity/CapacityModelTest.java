package dev.flashsale.local.capacity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacityModelTest {

    private static final Map<String, String> DEFAULTS = Map.of("ApiRateLimit", "5000", "PurchaseRateLimit", "2000",
            "AdmissionReservedConcurrency", "100", "OrderReservedConcurrency", "5");

    @Test
    void ceilings_shouldNameTheSalesOnePendingIndexKey_whenTheIndexHasOneValuePerSale() {
        // given: 8 shards, the index keys not split (the layout before), no challenge, 20 ms purchase and message
        SaleShape sale = new SaleShape("dynamodb", 8, false, false, 20, 20, 1);

        // when
        List<Ceiling> ceilings = CapacityModel.ceilings(DEFAULTS, sale);

        // then: 1,000 write units a second on one key value, three writes per purchase under it
        Ceiling lowest = CapacityModel.opening(ceilings);
        assertEquals("DynamoDB key StockTable pendingBySale[saleId]", lowest.bottleneck(), ceilings.toString());
        assertEquals(1000.0 / 3, lowest.purchasesPerSecond(), 1e-9);
        assertTrue(lowest.raise().contains("FLASHSALE_INDEX_SHARDS"), lowest.raise());
        assertEquals(8000, find(ceilings, "SHARD").purchasesPerSecond(), 1e-9, "1,000 a second on each of 8 shards");
        assertEquals(5000, find(ceilings, "admission function").purchasesPerSecond(), 1e-9, "100 containers / 20 ms");
    }

    /** Issue 23, item 1: the split index keys take a sale's writes over 32 values; no DynamoDB key is the ceiling. */
    @Test
    void ceilings_shouldLeaveNoDynamoDbKeyLowest_whenTheIndexKeysAreSplitIn32() {
        // given: the template's split, 8 shards, no challenge, a 20 ms purchase
        SaleShape sale = new SaleShape("dynamodb", 8, false, false, 20, 20, 32);

        // when
        List<Ceiling> ceilings = CapacityModel.ceilings(DEFAULTS, sale);

        // then: 32 values x 1,000 units over three writes per purchase, and the buyer count's one
        Ceiling pending = find(ceilings, "pendingBySale");
        assertEquals(32_000.0 / 3, pending.purchasesPerSecond(), 1e-9);
        assertTrue(pending.raise().contains("FLASHSALE_INDEX_SHARDS"), pending.raise());
        assertEquals(32_000, find(ceilings, "buyersBySale").purchasesPerSecond(), 1e-9);
        assertEquals("purchase route throttle", CapacityModel.opening(ceilings).bottleneck(), ceilings.toString());
    }

    @Test
    void ceilings_shouldHalveTheStage_whenEveryPurchaseFetchesAChallengeFirst() {
        SaleShape sale = new SaleShape("redis", 8, true, false, 1, 1, 32);

        assertEquals(2500, find(CapacityModel.ceilings(DEFAULTS, sale), "API stage").purchasesPerSecond(), 1e-9);
    }

    @Test
    void ceilings_shouldPutTheIndexWritesOnTheDrain_whenTheBackendIsRedis() {
        // given: Redis decides at admission; the order function writes DynamoDB
        SaleShape sale = new SaleShape("redis", 8, false, true, 4, 30, 1);

        // when
        List<Ceiling> ceilings = CapacityModel.ceilings(DEFAULTS, sale);

        // then: no buyer count in DynamoDB, two pending-index writes per order, the payment window's index too
        assertTrue(ceilings.stream().noneMatch(c -> c.bottleneck().contains("buyersBySale")), ceilings.toString());
        Ceiling pending = find(ceilings, "pendingBySale");
        assertEquals(500, pending.purchasesPerSecond(), 1e-9);
        assertTrue(pending.how().contains("order drain"), pending.how());
        assertTrue(ceilings.stream().anyMatch(c -> c.bottleneck().contains("unpaidBySale")));
        assertEquals("order drain", ceilings.get(0).bottleneck(), "5 containers / 30 ms: 167 a second");
        assertTrue(ceilings.get(0).sustained());
        assertEquals("purchase route throttle", CapacityModel.opening(ceilings).bottleneck(),
                "the opening's admissions do not wait for the drain");
    }

    @Test
    void ceilings_shouldComeLowestFirst_always() {
        List<Ceiling> ceilings = CapacityModel.ceilings(DEFAULTS, new SaleShape("dynamodb", 100, true, true, 2, 2, 32));

        for (int i = 1; i < ceilings.size(); i++) {
            assertTrue(ceilings.get(i - 1).purchasesPerSecond() <= ceilings.get(i).purchasesPerSecond(),
                    ceilings.toString());
        }
    }

    private static Ceiling find(List<Ceiling> ceilings, String part) {
        return ceilings.stream().filter(c -> c.bottleneck().contains(part)).findFirst().orElseThrow();
    }
}
