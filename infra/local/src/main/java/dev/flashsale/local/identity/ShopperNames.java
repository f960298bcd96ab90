package dev.flashsale.local.identity;

import dev.flashsale.core.sale.UserIds;

/** A shopper name the local pool accepts: what the API accepts as a shopper id (1..64 printable characters). */
final class ShopperNames {

    private ShopperNames() {
    }

    static boolean isValid(String name) {
        return UserIds.isValid(name);
    }
}
