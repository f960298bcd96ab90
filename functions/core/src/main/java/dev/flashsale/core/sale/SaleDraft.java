package dev.flashsale.core.sale;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An administrator's description of a sale before it is checked. Missing optional values take their defaults;
 * {@link #problems(String)} lists every problem at once so that one round trip fixes them all.
 */
public record SaleDraft(
        String name,
        Integer stock,
        Instant startsAt,
        Instant endsAt,
        Integer perUserLimit,
        Integer shards,
        Protection protection,
        Product product,
        Integer paymentMinutes) {

    public SaleDraft(String name, Integer stock, Instant startsAt, Instant endsAt, Integer perUserLimit, Integer shards,
                     Protection protection) {
        this(name, stock, startsAt, endsAt, perUserLimit, shards, protection, null);
    }

    public SaleDraft(String name, Integer stock, Instant startsAt, Instant endsAt, Integer perUserLimit, Integer shards,
                     Protection protection, Product product) {
        this(name, stock, startsAt, endsAt, perUserLimit, shards, protection, product, null);
    }

    public static final int MAX_STOCK = ShardPlan.MAX_SHARDS * ShardPlan.MAX_UNITS_PER_SHARD;
    /**
     * A buyer's ledger item holds the order ids it counts (so a crash between writes can be repaired exactly); ten
     * ids keep that item, written on the hot path, well under 1 KB.
     */
    public static final int MAX_PER_USER_LIMIT = 10;
    public static final int MAX_NAME_LENGTH = 200;
    /** A day: a longer hold would keep units from shoppers who would pay now. */
    public static final int MAX_PAYMENT_MINUTES = 24 * 60;

    public List<String> problems(String saleId) {
        List<String> problems = new ArrayList<>();
        if (!SaleIds.isValid(saleId)) {
            problems.add("saleId must be 1..64 characters of letters, digits, '-' or '_'");
        }
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            problems.add("name must be 1.." + MAX_NAME_LENGTH + " characters");
        }
        if (stock == null || stock < 0 || stock > MAX_STOCK) {
            problems.add("stock must be 0.." + MAX_STOCK);
        }
        if (startsAt == null || endsAt == null) {
            problems.add("startsAt and endsAt are required ISO-8601 UTC instants");
        } else if (!startsAt.isBefore(endsAt)) {
            problems.add("startsAt must be before endsAt");
        }
        if (perUserLimit != null && (perUserLimit < 1 || perUserLimit > MAX_PER_USER_LIMIT)) {
            problems.add("perUserLimit must be 1.." + MAX_PER_USER_LIMIT);
        }
        if (shards != null && (shards < 1 || shards > ShardPlan.MAX_SHARDS)) {
            problems.add("shards must be 1.." + ShardPlan.MAX_SHARDS);
        } else if (shards != null && stock != null && stock > shards * (long) ShardPlan.MAX_UNITS_PER_SHARD) {
            problems.add("shards must be at least " + ShardPlan.minimumShards(stock) + " for that stock (at most "
                    + ShardPlan.MAX_UNITS_PER_SHARD + " units per shard)");
        }
        if (paymentMinutes != null && (paymentMinutes < 0 || paymentMinutes > MAX_PAYMENT_MINUTES)) {
            problems.add("paymentMinutes must be 0.." + MAX_PAYMENT_MINUTES + " (0: no payment window)");
        }
        if (product != null) {
            problems.addAll(product.problems());
        }
        return problems;
    }

    /** The sale this draft describes; call only when {@link #problems(String)} is empty. */
    public Sale toSale(String saleId) {
        return toSale(saleId, Protection.DEFAULTS);
    }

    /** As {@link #toSale(String)}, with the protection a sale gets when the draft names none. */
    public Sale toSale(String saleId, Protection defaultProtection) {
        List<String> problems = problems(saleId);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Sale(saleId, name.strip(), stock, startsAt, endsAt,
                perUserLimit == null ? 1 : perUserLimit,
                shards == null ? ShardPlan.defaultShards(stock) : shards,
                protection == null ? defaultProtection : protection, product == null ? Product.NONE : product,
                paymentMinutes == null ? 0 : paymentMinutes);
    }
}
