package dev.flashsale.adapters.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flashsale.core.sale.Product;
import dev.flashsale.core.sale.SaleDraft;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** {@code PUT /api/admin/sales/{saleId}} body; unknown fields are refused, by name ({@link JsonShape#closed()}). */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record SaleBody(
        String name,
        Integer stock,
        String startsAt,
        String endsAt,
        Integer perUserLimit,
        Integer shards,
        ProtectionBody protection,
        String description,
        Long priceCents,
        String currency,
        Integer paymentMinutes) {

    public static final JsonShape SHAPE = JsonShape.object()
            .string("name")
            .integer("stock", Integer.MIN_VALUE, Integer.MAX_VALUE)
            .string("startsAt")
            .string("endsAt")
            .integer("perUserLimit", Integer.MIN_VALUE, Integer.MAX_VALUE)
            .integer("shards", Integer.MIN_VALUE, Integer.MAX_VALUE)
            .object("protection", ProtectionBody.SHAPE)
            .text("description")
            .integer("priceCents", Long.MIN_VALUE, Long.MAX_VALUE)
            .string("currency")
            .integer("paymentMinutes", Integer.MIN_VALUE, Integer.MAX_VALUE)
            .ignoring("saleId") // what GET /api/admin/sales/{id} answers: a definition read back may be put again
            .closed();

    /** Everything wrong with the body, for one clear 400. */
    public List<String> problems(String saleId) {
        List<String> problems = new ArrayList<>();
        if (startsAt != null && instant(startsAt) == null) {
            problems.add("startsAt is not an ISO-8601 instant such as 2026-11-26T10:00:00Z");
        }
        if (endsAt != null && instant(endsAt) == null) {
            problems.add("endsAt is not an ISO-8601 instant such as 2026-11-26T11:00:00Z");
        }
        if (protection != null) {
            problems.addAll(protection.problems());
        }
        if (problems.isEmpty()) {
            problems.addAll(draft().problems(saleId));
        }
        return problems;
    }

    public SaleDraft draft() {
        Product product = new Product(description == null ? "" : description, priceCents == null ? 0 : priceCents,
                currency == null ? "EUR" : currency);
        return new SaleDraft(name, stock, instant(startsAt), instant(endsAt), perUserLimit, shards,
                protection == null ? null : protection.toProtection(), product, paymentMinutes);
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
