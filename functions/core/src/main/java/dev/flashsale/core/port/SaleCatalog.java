package dev.flashsale.core.port;

import dev.flashsale.core.sale.Sale;

import java.util.List;
import java.util.Optional;

/** Where sale definitions are kept. */
public interface SaleCatalog {

    Optional<Sale> find(String saleId);

    /** Stores the sale; answers whether it replaced an existing one. */
    boolean save(Sale sale);

    /** Every sale (the catalog is small: sales, not orders). */
    List<Sale> list();
}
