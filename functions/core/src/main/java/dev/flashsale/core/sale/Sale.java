package dev.flashsale.core.sale;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
        Product product,
        int paymentMinutes) {

    public Sale(String id, String name, int stock, Instant startsAt, Instant endsAt, int perUserLimit, int shards,
                Protection protection) {
        this(id, name, stock, startsAt, endsAt, perUserLimit, shards, protection, Product.NONE);
    }

    public Sale(String id, String name, int stock, Instant startsAt, Instant endsAt, int perUserLimit, int shards,
                Protection protection, Product product) {
        this(id, name, stock, startsAt, endsAt, perUserLimit, shards, protection, product, 0);
    }

    public Sale {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(product, "product");
        if (stock < 0 || perUserLimit < 1 || shards < 1 || paymentMinutes < 0 || !startsAt.isBefore(endsAt)) {
            throw new IllegalArgumentException("inconsistent sale " + id);
        }
    }

    /** A confirmed order of this sale must be paid within this window; none when {@code paymentMinutes} is 0. */
    public Optional<Duration> paymentWindow() {
        return paymentMinutes == 0 ? Optional.empty() : Optional.of(Duration.ofMinutes(paymentMinutes));
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
