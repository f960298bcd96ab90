package dev.flashsale.local.capacity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The purchases per second each bottleneck of a sale's opening allows, from the template's parameters and a sale's
 * shape: the stage and route throttles, the admission function's reserved concurrency over its mean duration,
 * DynamoDB's per-key write limit over the writes per purchase under each key the hot path writes, and the order
 * drain. The lowest is the stack's ceiling.
 */
public final class CapacityModel {

    private static final String SHARD = "StockTable SALE#<sale>#SHARD#<n>";

    /** DynamoDB's throughput for one partition key value (one partition), whatever the table's mode or warm throughput. */
    static final double WRITE_UNITS_PER_KEY = 1_000;

    private CapacityModel() {
    }

    /** Every ceiling, lowest first. */
    public static List<Ceiling> ceilings(Map<String, String> parameters, SaleShape sale) {
        List<Ceiling> ceilings = new ArrayList<>();
        int requestsPerPurchase = sale.challenge() ? 2 : 1;
        double stage = number(parameters, "ApiRateLimit");
        ceilings.add(new Ceiling("API stage throttle", stage / requestsPerPurchase,
                "ApiRateLimit " + whole(stage) + " req/s / " + requestsPerPurchase + " request(s) per purchase"
                        + (sale.challenge() ? " (challenge, then purchase)" : ""),
                "ApiRateLimit (and the account's API Gateway throttle quota, 10,000 req/s by default)"));
        double route = number(parameters, "PurchaseRateLimit");
        ceilings.add(new Ceiling("purchase route throttle", route, "PurchaseRateLimit " + whole(route) + " req/s",
                "PurchaseRateLimit"));
        double reserved = number(parameters, "AdmissionReservedConcurrency");
        ceilings.add(new Ceiling("admission function", reserved * 1000 / sale.purchaseMillis(),
                whole(reserved) + " reserved containers / mean " + sale.purchaseMillis() + " ms per purchase",
                "AdmissionReservedConcurrency (within the account's Lambda concurrency quota, 1,000 by default)"));
        double drain = number(parameters, "OrderReservedConcurrency") * 1000 / sale.orderMessageMillis();
        for (KeyWrites key : keyWrites(sale)) {
            double perSecond = WRITE_UNITS_PER_KEY * key.spreadOver() / key.perPurchase();
            ceilings.add(new Ceiling("DynamoDB key " + key.key(), perSecond,
                    whole(WRITE_UNITS_PER_KEY) + " write units/s per key value" + (key.spreadOver() > 1
                            ? " x " + key.spreadOver() + " values" : "") + " / " + trim(key.perPurchase())
                            + " write(s) per purchase (" + key.writes() + ")"
                            + (key.atDrainRate() ? "; written by the order drain" : ""),
                    key.raise(), key.atDrainRate()));
        }
        ceilings.add(new Ceiling("order drain", drain,
                whole(number(parameters, "OrderReservedConcurrency")) + " order containers / mean "
                        + sale.orderMessageMillis() + " ms per message; admission runs ahead of it, the queue absorbs"
                        + " the difference",
                "OrderReservedConcurrency", true));
        ceilings.sort(Comparator.comparingDouble(Ceiling::purchasesPerSecond));
        return ceilings;
    }

    /** The lowest ceiling of the opening's admissions (the sustained ones are behind the queue). */
    public static Ceiling opening(List<Ceiling> ceilings) {
        return ceilings.stream().filter(c -> !c.sustained()).findFirst().orElseThrow();
    }

    /** The keys the hot path writes at the sale's rate, and how often per purchase. */
    static List<KeyWrites> keyWrites(SaleShape sale) {
        List<KeyWrites> keys = new ArrayList<>();
        if (sale.redis()) {
            // Admission decides in Redis; the order function counts each order against DynamoDB.
            keys.add(new KeyWrites(indexKey("pendingBySale", sale), 2, sale.indexShards(), true, "intent TAKING, CLAIMED",
                    KeyWrites.INDEX_SHARDS));
            keys.add(new KeyWrites(SHARD, 1, sale.shards(), true, "shard take", KeyWrites.STOCK_SHARDS));
        } else {
            keys.add(new KeyWrites(indexKey("pendingBySale", sale), 3, sale.indexShards(), false,
                    "intent TAKING, RESERVED at admission; CLAIMED by the order function", KeyWrites.INDEX_SHARDS));
            keys.add(new KeyWrites(indexKey("buyersBySale", sale), 1, sale.indexShards(), false, "buyer count",
                    KeyWrites.INDEX_SHARDS));
            keys.add(new KeyWrites(SHARD, 1, sale.shards(), false, "shard take", KeyWrites.STOCK_SHARDS));
        }
        keys.add(new KeyWrites("OrdersTable bySale[saleId]", 1, 1, true, "order written", KeyWrites.ONE_VALUE));
        if (sale.paymentWindow()) {
            keys.add(new KeyWrites("OrdersTable unpaidBySale[saleId]", 1, 1, true, "order awaiting payment",
                    KeyWrites.ONE_VALUE));
        }
        return keys;
    }

    /** A sale-keyed stock index's key, as split ({@code saleId#n}) or not. */
    private static String indexKey(String index, SaleShape sale) {
        return "StockTable " + index + "[saleId" + (sale.indexShards() > 1 ? "#n]" : "]");
    }

    private static double number(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("template.yaml has no parameter " + name);
        }
        return Double.parseDouble(value);
    }

    static String whole(double value) {
        return String.format(java.util.Locale.ROOT, "%,.0f", value);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
