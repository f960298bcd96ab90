package dev.flashsale.core.order;

import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.ledger.WriteAheadLedger;
import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.flashsale.core.fakes.Fixtures.NOW;
import static dev.flashsale.core.fakes.Fixtures.openSale;
import static dev.flashsale.core.fakes.Fixtures.saleWithWindow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class OrderWriterTest {

    private final Sale sale = openSale("s1", 3, Protection.NONE);
    private final WriteAheadLedger ledger = new WriteAheadLedger(new InMemoryLedgerItems(), LedgerEvents.NONE);
    private final InMemoryOrders orders = new InMemoryOrders();
    private final AtomicInteger counted = new AtomicInteger();
    private final StockAuthority countsEverything = reservation -> {
        counted.incrementAndGet();
        return StockAuthority.Count.COUNTED;
    };

    private Reservation reserve(Sale sale, String userId) {
        ledger.open(sale, sale.stock());
        ReservationOutcome outcome = ledger.reserve(sale, userId, 1, OrderIds.next(), NOW);
        return assertInstanceOf(ReservationOutcome.Reserved.class, outcome).reservation();
    }

    @Test
    void write_shouldConfirmTheOrder_whenTheReservationIsClaimedAndCounted() {
        // given
        Reservation reservation = reserve(sale, "ann");

        // when
        Order order = new OrderWriter(orders, ledger, countsEverything).write(reservation);

        // then
        assertEquals(OrderStatus.CONFIRMED, order.status());
        assertNull(order.reason());
        assertEquals(order, orders.find(reservation.orderId()).orElseThrow());
        assertEquals(1, counted.get());
    }

    @Test
    void write_shouldWriteOneOrder_whenTheSameMessageComesTwice() {
        Reservation reservation = reserve(sale, "ann");
        OrderWriter writer = new OrderWriter(orders, ledger, countsEverything);

        Order first = writer.write(reservation);
        Order second = writer.write(reservation);

        assertEquals(first, second);
        assertEquals(1, orders.listBySale("s1").size());
        assertEquals(2, ledger.remaining(sale));
    }

    @Test
    void write_shouldRejectAsReleased_whenAdmissionGaveTheUnitsBackFirst() {
        // given a reservation whose enqueue looked failed, so admission released it
        Reservation reservation = reserve(sale, "ann");
        ledger.release(reservation);

        // when the message arrives after all
        Order order = new OrderWriter(orders, ledger, countsEverything).write(reservation);

        // then no order for a unit that is back on sale, and the authority never counted it
        assertEquals(OrderStatus.REJECTED, order.status());
        assertEquals(RejectionReason.RESERVATION_RELEASED, order.reason());
        assertEquals(0, counted.get());
        assertEquals(3, ledger.remaining(sale));
    }

    @Test
    void write_shouldRejectAsStockExhausted_whenTheAuthorityCannotCoverIt() {
        Reservation reservation = reserve(sale, "ann");

        Order order = new OrderWriter(orders, ledger, refused -> StockAuthority.Count.STOCK_EXHAUSTED)
                .write(reservation);

        assertEquals(OrderStatus.REJECTED, order.status());
        assertEquals(RejectionReason.STOCK_EXHAUSTED, order.reason());
    }

    @Test
    void write_shouldSetThePaymentDeadline_whenTheSaleHasAPaymentWindow() {
        // given a sale with a 10-minute payment window
        Sale paid = saleWithWindow(10);
        Reservation reservation = reserve(paid, "ann");
        PaymentTerms terms = new PaymentTerms(new InMemorySaleCatalog(paid), Clock.fixed(NOW, ZoneOffset.UTC));

        // when
        Order order = new OrderWriter(orders, ledger, countsEverything, terms).write(reservation);

        // then
        assertEquals(OrderStatus.CONFIRMED, order.status());
        assertEquals(NOW.plusSeconds(600), order.payBy());
    }
}
