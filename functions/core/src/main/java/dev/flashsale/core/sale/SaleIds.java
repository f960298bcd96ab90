package dev.flashsale.core.sale;

import java.util.regex.Pattern;

/** Sale ids appear in keys and URLs, so they are kept to a safe alphabet. */
public final class SaleIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private SaleIds() {
    }

    public static boolean isValid(String saleId) {
        return saleId != null && VALID.matcher(saleId).matches();
    }
}
