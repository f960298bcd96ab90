package dev.flashsale.core.fakes;

import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.sale.Sale;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The sale catalog in memory. */
public final class InMemorySaleCatalog implements SaleCatalog {

    private final Map<String, Sale> sales = new ConcurrentHashMap<>();

    public InMemorySaleCatalog(Sale... sales) {
        for (Sale sale : sales) {
            save(sale);
        }
    }

    @Override
    public Optional<Sale> find(String saleId) {
        return Optional.ofNullable(sales.get(saleId));
    }

    @Override
    public boolean save(Sale sale) {
        return sales.put(sale.id(), sale) != null;
    }

    @Override
    public List<Sale> list() {
        return List.copyOf(sales.values());
    }
}
