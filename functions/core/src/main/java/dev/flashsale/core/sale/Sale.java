package dev.flashsale.core.sale;

import java.time.Instant;
import java.util.Objects;

/**
 * A flash sale: a fixed stock of one item sold between two instants, at most {@code perUserLimit} units per user.
 * Its stock lives in {@code shards} ledger items so that no single item takes more writes than the store allows.
 */
public record Sale(
        String id,
        String name,
        int stock,
        Instant startsAt,
        Instant endsAt,
        int perUserLimit,
        int shards,
        Protection protection,
        Product product) {

    public Sale(String id, String name, int stock, Instant startsAt, Instant endsAt, int perUserLimit, int shards,
                Protection protection) {
        this(id, name, stock, startsAt, endsAt, perUserLimit, shards, protection, Product.NONE);
    }

    public Sale {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(product, "product");
        if (stock < 0 || perUserLimit < 1 || shards < 1 || !startsAt.isBefore(endsAt)) {
            throw new IllegalArgumentException("inconsistent sale " + id);
        }
    }

    public boolean isOpenAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    public SaleStatus statusAt(Instant now, long remaining) {
        if (now.isBefore(startsAt)) {
            return SaleStatus.UPCOMING;
        }
        if (!now.isBefore(endsAt)) {
            return SaleStatus.ENDED;
        }
        return remaining > 0 ? SaleStatus.OPEN : SaleStatus.SOLD_OUT;
    }
}
