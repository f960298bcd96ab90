package dev.flashsale.core.sale;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What is on sale, as the shopper's page shows it: a description and a price in minor units (cents). */
public record Product(String description, long priceCents, String currency) {

    public static final Product NONE = new Product("", 0, "EUR");
    public static final int MAX_DESCRIPTION = 500;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (description == null || description.length() > MAX_DESCRIPTION) {
            problems.add("description must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (priceCents < 0 || priceCents > 100_000_000_00L) {
            problems.add("priceCents must be 0..10000000000");
        }
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            problems.add("currency must be an ISO 4217 code such as EUR");
        }
        return problems;
    }
}
