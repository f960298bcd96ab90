package dev.flashsale.core.port;

import dev.flashsale.core.sale.Sale;

import java.util.Optional;

/** Where sale definitions are kept. */
public interface SaleCatalog {

    Optional<Sale> find(String saleId);

    /** Stores the sale; answers whether it replaced an existing one. */
    boolean save(Sale sale);
}
