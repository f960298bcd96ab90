package dev.flashsale.core.report;

import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.sale.Sale;

import java.util.HashMap;
import java.util.Map;

/** Counts a sale's books from its orders and its ledger: what sold, to how many buyers, and whether any oversold. */
public final class SaleReports {

    private final OrderStore orders;
    private final StockLedger ledger;

    public SaleReports(OrderStore orders, StockLedger ledger) {
        this.orders = orders;
        this.ledger = ledger;
    }

    public SaleReport of(Sale sale) {
        long confirmed = 0;
        long rejected = 0;
        long paid = 0;
        long expired = 0;
        Map<String, Integer> unitsByUser = new HashMap<>();
        for (Order order : orders.listBySale(sale.id())) {
            if (order.status().holdsUnits()) {
                confirmed += order.quantity();
                unitsByUser.merge(order.userId(), order.quantity(), Integer::sum);
            }
            if (order.status() == OrderStatus.PAID) {
                paid += order.quantity();
            } else if (order.status() == OrderStatus.REJECTED) {
                rejected += order.quantity();
            } else if (order.status() == OrderStatus.EXPIRED) {
                expired += order.quantity();
            }
        }
        long duplicateBuyers = unitsByUser.values().stream().filter(units -> units > sale.perUserLimit()).count();
        return new SaleReport(sale.id(), sale.stock(), ledger.remaining(sale), confirmed, rejected,
                unitsByUser.size(), Math.max(0, confirmed - sale.stock()), duplicateBuyers, paid, expired);
    }
}
