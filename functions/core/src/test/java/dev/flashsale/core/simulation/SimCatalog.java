package dev.flashsale.core.simulation;

import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.sale.Sale;

import java.util.List;
import java.util.Optional;

/** The sale catalog: reads as the containers' one-second cache serves them (no call), writes are store calls. */
final class SimCatalog implements SaleCatalog {

    private final InMemorySaleCatalog raw;
    private final Env env;

    SimCatalog(InMemorySaleCatalog raw, Env env) {
        this.raw = raw;
        this.env = env;
    }

    @Override
    public Optional<Sale> find(String saleId) {
        return raw.find(saleId);
    }

    @Override
    public boolean save(Sale sale) {
        env.before("saveSale " + sale.id() + " stock=" + sale.stock());
        boolean replaced = raw.save(sale);
        env.landed("saveSale " + sale.id());
        return replaced;
    }

    @Override
    public List<Sale> list() {
        return raw.list();
    }
}
